/**
 * Starts a new card, note or example in the content folder:
 *
 *   npm run new -- card <id>       content/cards/<id>.md
 *   npm run new -- note <id>       content/notes/<id>.md (a draft; <id> may hold folders: guide/setup)
 *   npm run new -- example <id>    content/examples/<id>/ (example.yaml, run.sh, README.md)
 *
 * The content folder is $STACK_ATLAS_CONTENT or `content`. Every starter passes the content
 * checks as written, with 「待填写」 where the author's words go. Nothing is ever overwritten:
 * an id that exists or is not valid ends with a message and exit status 1 (2 for usage).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readContentFile } from '../src/model/content-files.ts';
import { exampleIdPattern } from '../src/model/example-schema.ts';
import { parseLayers } from '../src/model/load.ts';
import { idPattern } from '../src/model/schema.ts';

export const kinds = ['card', 'note', 'example'] as const;
export type StarterKind = (typeof kinds)[number];

/** A mistake the author can fix: printed as is, exit status 1. */
export class StarterError extends Error {}

/** A note id: folders and a file name, each lowercase ASCII letters, digits and -. */
const noteIdPattern = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)*$/;

const idRules: Record<StarterKind, { pattern: RegExp; rule: string }> = {
  card: {
    pattern: idPattern,
    rule: 'lowercase ASCII letters, digits and -, starting with a letter or digit: runc, cri-o',
  },
  note: {
    pattern: noteIdPattern,
    rule: 'lowercase ASCII letters, digits and -, folders separated by /: cilium-rollout, guide/setup',
  },
  example: { pattern: exampleIdPattern, rule: 'lowercase ASCII letters, digits and -: cgroups, user-namespaces' },
};

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Writes a new file, never over an existing one. */
function writeNew(file: string, text: string): void {
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new StarterError(`${file} already exists; nothing was written`);
    throw error;
  }
}

function firstLayer(contentDir: string): string {
  const file = path.join(contentDir, 'layers.yaml');
  if (!existsSync(file))
    throw new StarterError(`${file} not found: a card sits on one of its layers; add the layers first`);
  return parseLayers(file, readContentFile(file))[0]!.id;
}

/** Card ids in the content folder, sorted (for an example's `cards`). */
function cardIds(contentDir: string): string[] {
  const dir = path.join(contentDir, 'cards');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^[a-z0-9][a-z0-9-]*\.md$/.test(name))
    .map((name) => name.slice(0, -3))
    .sort();
}

function cardStarter(id: string, layer: string, now: Date): string {
  return `---
# 新卡片。把每处「待填写」换成真实内容：每条带版本、年份或默认值的事实都要引用 sources 里的官方出处，
# 按出处核对完后把 reviewed 改成核对的日期。字段说明见笔记「笔记写作指南」与 src/model/schema.ts。
name: ${id}
zh: 待填写：中文名
aliases: []
layer: ${layer} # content/layers.yaml 里的层 id
kind: concept # kernel-feature、specification、interface、low-level-runtime、high-level-runtime、tool、orchestrator、virtualization、concept
position: 待填写：一句话说明它在技术栈里的位置。
features:
  - text: 待填写：它做什么，引用下面的出处
    source: official
relations: []
# relations:
#   - { type: uses, target: 另一张卡片的-id, label: 待填写 }
history: []
status: active
sources:
  - id: official
    title: 待填写：官方文档的标题
    url: https://example.org/replace-with-the-official-page
reviewed: ${today(now)}
---
待填写：正文，说明它解决什么问题、和相邻的技术怎样配合。
`;
}

function noteStarter(now: Date): string {
  return `---
title: 待填写：标题
published: ${today(now)}
description: 待填写：一句话摘要，用于列表、搜索和链接预览（不写时取正文第一段）
tags: []
category: ''
draft: true # 草稿：npm run dev 里能看到，构建时不发布；写完改成 false
---

待填写：正文。
`;
}

function exampleFiles(id: string, card: string, note: string): Record<string, string> {
  return {
    'example.yaml': `# 新示例。verified 留空：它记录的是一次真实运行覆盖了哪些路径，
# 只在 sudo npm run examples -- ${id} 通过、写出 transcript.json 之后，照那次运行填写。
title: 待填写：标题
summary: 待填写：一两句话说明这个示例演示什么。
cards: [${card}]
claims:
  - note: ${note}
    quote: 待填写：示例所证明的、笔记里的原话
requirements:
  root: false
  commands: []
  cgroup: any
timeout: 60
assertions:
  - pattern: '^hello from ${id}$'
    description: 待填写：这一行输出证明了什么
absent: []
unverified: []
`,
    'run.sh': `#!/usr/bin/env bash
# ${id}: 待填写：这个脚本演示什么。输出要能被 example.yaml 的 assertions 逐条匹配。
# 本机跑不了时（缺内核功能等），打印 SKIP: <原因> 并以 77 退出。
set -euo pipefail

echo "hello from ${id}"
`,
    'README.md': `# 待填写：标题

待填写：这个示例演示什么，输出的每一部分说明了什么。

## 没有在这里验证的部分

待填写：脚本包含、但录制时没有运行到的路径。

## 在自己的机器上运行

\`\`\`sh
sudo npm run examples -- ${id}
\`\`\`
`,
  };
}

/** Creates the starter; returns the paths written. Throws StarterError for the author's mistakes. */
export function createStarter(kind: StarterKind, id: string, contentDir: string, now = new Date()): string[] {
  const { pattern, rule } = idRules[kind];
  if (!pattern.test(id)) throw new StarterError(`"${id}" is not a valid ${kind} id (${rule}); nothing was written`);
  if (kind === 'card') {
    const file = path.join(contentDir, 'cards', `${id}.md`);
    const text = cardStarter(id, firstLayer(contentDir), now);
    mkdirSync(path.dirname(file), { recursive: true });
    writeNew(file, text);
    return [file];
  }
  if (kind === 'note') {
    const notes = path.join(contentDir, 'notes');
    // The same URL from another spelling of the file would clash: refuse those as well.
    const taken = [`${id}.md`, `${id}.mdx`, `${id}/index.md`, `${id}/index.mdx`]
      .map((name) => path.join(notes, name))
      .find((file) => existsSync(file));
    if (taken) throw new StarterError(`${taken} already exists and has that URL; nothing was written`);
    const file = path.join(notes, `${id}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeNew(file, noteStarter(now));
    return [file];
  }
  const dir = path.join(contentDir, 'examples', id);
  if (existsSync(dir)) throw new StarterError(`${dir} already exists; nothing was written`);
  const card = cardIds(contentDir)[0];
  if (!card)
    throw new StarterError(`${path.join(contentDir, 'cards')} has no card: an example demonstrates at least one`);
  const notesDir = path.join(contentDir, 'notes');
  const note = existsSync(notesDir)
    ? readdirSync(notesDir)
        .find((name) => /^[a-z0-9][a-z0-9-]*\.mdx?$/.test(name))
        ?.replace(/\.mdx?$/, '')
    : undefined;
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir); // not recursive: fails rather than fill a folder made meanwhile
  const files = exampleFiles(id, card, note ?? 'replace-with-a-note');
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeNew(file, text);
    written.push(file);
  }
  chmodSync(path.join(dir, 'run.sh'), 0o755);
  return written;
}

function main(argv: string[]): number {
  const [kind, id, ...rest] = argv;
  if (!kinds.includes(kind as StarterKind) || !id || rest.length) {
    console.error('usage: npm run new -- card|note|example <id>');
    return 2;
  }
  const contentDir = process.env.STACK_ATLAS_CONTENT || 'content';
  try {
    const written = createStarter(kind as StarterKind, id, contentDir);
    for (const file of written) console.log(`created ${file}`);
    console.log('Fill in every 「待填写」; the note 「笔记写作指南」 explains each field.');
    return 0;
  } catch (error) {
    if (error instanceof StarterError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
