/**
 * Synthetic corpora for the benchmark: N Chinese notes of realistic length with
 * Fuwari frontmatter, h2/h3 headings, prose built from templates and a word list
 * (seeded PRNG, so the same seed gives byte-identical notes), code blocks, lists,
 * admonitions, wiki links to cards (`[[containerd]]`, `[[k8s]]`, `[[runc|…]]`),
 * plain card names (auto-linked by the site), links to other notes, and a
 * ```mermaid fence with Chinese labels in every fifth note.
 *
 * `generateNotes()` and `toStarlightDoc()` are pure; `writeCorpus()` writes a
 * content folder (notes + copies of the real cards/ and layers.yaml).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRng, deriveSeed, type Rng } from './prng.ts';

/** What the generator needs to know about a card. */
export interface CardRef {
  id: string;
  name: string;
  aliases?: readonly string[];
}

export interface GeneratedNote {
  /** File name without extension, e.g. `bench-0042`. */
  slug: string;
  title: string;
  description: string;
  /** Category (Chinese, as in Fuwari) and its ASCII folder name for Starlight. */
  category: string;
  categoryDir: string;
  tags: string[];
  published: string;
  updated?: string | undefined;
  /** Markdown body in Stack Atlas syntax (wiki links, `:::note`). */
  body: string;
  /** Mermaid fences in the body. */
  diagrams: number;
  /** Code blocks (mermaid excluded). */
  codeBlocks: number;
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  cards: readonly CardRef[];
  /** Every n-th note (1-based) gets a mermaid fence. Default 5. */
  diagramEvery?: number;
  /**
   * Added to each mermaid fence as a `%%` comment. A new value per run makes every
   * diagram a cache miss (cold render) without changing what is drawn. Default: none.
   */
  diagramNonce?: string | undefined;
}

export const DEFAULT_SEED = 20250419;

const categories: Array<[string, string]> = [
  ['内核机制', 'kernel'],
  ['容器运行时', 'runtime'],
  ['镜像与存储', 'image'],
  ['编排与调度', 'orchestration'],
  ['实践笔记', 'practice'],
];

const tagPool = [
  '容器',
  '云原生',
  'k8s',
  'Linux',
  '内核',
  '运行时',
  '镜像',
  '存储',
  '网络',
  '安全',
  '调度',
  '排障',
  '性能',
  'OCI',
  'rootless',
  '构建',
  '日志',
  '监控',
  'cgroup v2',
  '命名空间',
  '沙箱',
  '虚拟化',
  'CI',
  '部署',
];

const subjects = [
  '容器',
  '镜像',
  '命名空间',
  '控制组',
  '容器运行时',
  '守护进程',
  '联合文件系统',
  '沙箱',
  '调度器',
  '存储卷',
  '网络插件',
  '工作节点',
  '集群',
  '工作负载',
  '宿主机内核',
  '快照器',
  '镜像仓库',
  '根文件系统',
  '进程树',
  '垫片进程',
];
const objects = [
  '资源配额',
  '进程视图',
  '挂载点',
  '镜像层',
  '网络栈',
  '主机名',
  '用户映射',
  '内存上限',
  'CPU 份额',
  '进程数上限',
  '只读层',
  '可写层',
  '配置文件',
  '生命周期',
  '标准输出',
  '退出状态',
  '元数据',
  '摘要',
  '清单',
  '事件流',
];
const verbs = [
  '隔离',
  '限制',
  '管理',
  '调度',
  '挂载',
  '拉取',
  '解包',
  '启动',
  '监控',
  '回收',
  '复用',
  '暴露',
  '校验',
  '记录',
  '转发',
];
const connectives = [
  '因此',
  '然而',
  '此外',
  '换句话说',
  '在实践中',
  '需要注意的是',
  '与此同时',
  '归根结底',
  '更具体地说',
  '反过来看',
];
const adjectives = ['轻量', '稳定', '灵活', '透明', '简单', '安全', '高效', '复杂', '脆弱', '昂贵'];
const properties = ['启动速度', '隔离强度', '资源开销', '可移植性', '调试难度', '镜像体积', '生态成熟度', '维护成本'];
const scenes = ['开发环境', '持续集成流水线', '生产集群', '边缘节点', '单机测试', '多租户平台', '离线环境', '灰度发布'];
const results = [
  '同一台机器上可以并排运行多个互不干扰的服务',
  '应用看到的只是属于自己的那一部分系统',
  '镜像可以在不同的主机之间原样迁移',
  '故障被限制在单个容器内部',
  '启动时间从分钟级缩短到秒级',
  '重复的文件只在磁盘上保存一份',
  '运维人员只需要关心声明的期望状态',
  '排查问题时必须同时查看宿主机和容器两侧的日志',
];
const conditions = [
  '内存用量超过了上限',
  '镜像层已经存在于本地',
  '节点失去响应',
  '容器以非零状态退出',
  '配置文件缺少必填字段',
  '用户命名空间没有开启',
  '网络插件尚未就绪',
  '根文件系统是只读的',
];

const sentenceTemplates: Array<(r: Rng, w: Words) => string> = [
  (r, w) => `${r.pick(connectives)}，${w.subj()}通过${w.card()}来${r.pick(verbs)}${w.obj()}，这样${r.pick(results)}。`,
  (r, w) => `在${r.pick(scenes)}中，${w.subj()}负责${r.pick(verbs)}${w.obj()}，而${w.subj()}只关心${w.obj()}。`,
  (r, w) => `如果${r.pick(conditions)}，${w.subj()}会${r.pick(verbs)}${w.obj()}，否则${r.pick(results)}。`,
  (r, w) =>
    `与${w.subj()}相比，${w.subj()}的${r.pick(properties)}更${r.pick(adjectives)}，但${r.pick(properties)}也更${r.pick(adjectives)}。`,
  (r, w) =>
    `从${r.pick(['内核', '运行时', '编排', '开发者', '运维'])}的角度看，${w.card()}本质上是一层用来${r.pick(verbs)}${w.obj()}的${r.pick(adjectives)}抽象。`,
  (r, w) => `常见的做法是先${r.pick(verbs)}${w.obj()}，再${r.pick(verbs)}${w.obj()}，最后检查${w.obj()}是否符合预期。`,
  (r, w) => `${w.card()}并不直接${r.pick(verbs)}${w.obj()}，它把这件事交给了${w.card()}。`,
  (r, w) => `很多初学者会把${w.subj()}和${w.subj()}混为一谈，其实前者关注${w.obj()}，后者关注${w.obj()}。`,
  (r, w) =>
    `${r.pick(connectives)}，只要${w.obj()}保持不变，${w.subj()}就可以被安全地${r.pick(verbs)}和${r.pick(verbs)}。`,
  (r, _w) => `这一点在${r.pick(scenes)}里尤其明显：${r.pick(results)}。`,
];

interface Words {
  subj(): string;
  obj(): string;
  /** A card mention: plain name (auto-linked by the site), a wiki link, or an alias wiki link. */
  card(): string;
}

function words(r: Rng, cards: readonly CardRef[]): Words {
  return {
    subj: () => r.pick(subjects),
    obj: () => r.pick(objects),
    card: () => {
      const card = r.pick(cards);
      const roll = r.next();
      if (roll < 0.15) return `[[${card.id}]]`;
      if (roll < 0.2 && card.aliases?.length) return `[[${r.pick(card.aliases)}]]`;
      if (roll < 0.25) return `[[${card.id}|${card.name}]]`;
      if (roll < 0.7) return ` ${card.name} `;
      return r.pick(subjects);
    },
  };
}

function paragraph(r: Rng, w: Words, sentences: number): string {
  return Array.from({ length: sentences }, () => r.pick(sentenceTemplates)(r, w))
    .join('')
    .replace(/ +/g, ' ')
    .replace(/([，。：、]) /g, '$1')
    .replace(/ ([，。：、])/g, '$1')
    .trim();
}

const codeSamples: Array<{ lang: string; code: (r: Rng) => string }> = [
  {
    lang: 'bash',
    code: (r) =>
      [
        `# 在新的 PID 与挂载命名空间中启动一个 shell`,
        `sudo unshare --pid --fork --mount-proc --uts --net sh -c 'hostname bench-${r.int(1, 99)}; ps -ef'`,
        `cat /proc/self/cgroup`,
        `echo ${r.int(10, 200)}M | sudo tee /sys/fs/cgroup/memory/bench/memory.limit_in_bytes`,
      ].join('\n'),
  },
  {
    lang: 'bash',
    code: (r) =>
      [
        `ctr images pull docker.io/library/busybox:1.${r.int(30, 37)}`,
        `ctr run --rm --memory-limit ${r.int(32, 256) * 1048576} docker.io/library/busybox:1.36 demo sh -c 'echo 你好'`,
        `ctr tasks ls`,
      ].join('\n'),
  },
  {
    lang: 'yaml',
    code: (r) =>
      [
        `apiVersion: v1`,
        `kind: Pod`,
        `metadata:`,
        `  name: demo-${r.int(1, 999)}`,
        `  labels:`,
        `    app: atlas`,
        `spec:`,
        `  containers:`,
        `    - name: web`,
        `      image: nginx:1.${r.int(20, 27)}`,
        `      resources:`,
        `        limits:`,
        `          memory: "${r.int(64, 512)}Mi"`,
        `          cpu: "${r.int(1, 4) * 250}m"`,
      ].join('\n'),
  },
  {
    lang: 'dockerfile',
    code: (r) =>
      [
        `FROM golang:1.${r.int(20, 23)} AS build`,
        `WORKDIR /src`,
        `COPY . .`,
        `RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app`,
        ``,
        `FROM gcr.io/distroless/static`,
        `COPY --from=build /out/app /app`,
        `ENTRYPOINT ["/app"]`,
      ].join('\n'),
  },
  {
    lang: 'json',
    code: (r) =>
      JSON.stringify(
        {
          ociVersion: '1.0.2',
          process: { terminal: false, user: { uid: 0, gid: 0 }, args: ['sh', '-c', 'echo hello'], cwd: '/' },
          root: { path: 'rootfs', readonly: true },
          hostname: `bench-${r.int(1, 99)}`,
          linux: {
            namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'uts' }, { type: 'network' }],
            resources: { pids: { limit: r.int(16, 128) } },
          },
        },
        null,
        2,
      ),
  },
  {
    lang: 'go',
    code: (r) =>
      [
        `package main`,
        ``,
        `import (`,
        `\t"fmt"`,
        `\t"os"`,
        `)`,
        ``,
        `func main() {`,
        `\t// 读取当前进程所在的控制组`,
        `\tdata, err := os.ReadFile("/proc/self/cgroup")`,
        `\tif err != nil {`,
        `\t\tfmt.Fprintln(os.Stderr, err)`,
        `\t\tos.Exit(${r.int(1, 3)})`,
        `\t}`,
        `\tfmt.Print(string(data))`,
        `}`,
      ].join('\n'),
  },
];

function mermaid(r: Rng, nonce: string | undefined): string {
  const nodes = r.sample(subjects, r.int(5, 8));
  const lines: string[] = [];
  if (r.chance(0.3)) {
    lines.push('sequenceDiagram');
    if (nonce) lines.push(`  %% bench ${nonce}`);
    const actors = nodes.slice(0, 4);
    actors.forEach((name, i) => lines.push(`  participant P${i} as ${name}`));
    for (let i = 0; i < 5; i += 1) {
      const from = r.int(0, actors.length - 1);
      let to = r.int(0, actors.length - 1);
      if (to === from) to = (from + 1) % actors.length;
      lines.push(`  P${from}${r.chance(0.5) ? '->>' : '-->>'}P${to}: ${r.pick(verbs)}${r.pick(objects)}`);
    }
  } else {
    lines.push(`flowchart ${r.pick(['TB', 'LR'])}`);
    if (nonce) lines.push(`  %% bench ${nonce}`);
    nodes.forEach((name, i) => lines.push(`  N${i}["${name}"]`));
    for (let i = 1; i < nodes.length; i += 1) {
      lines.push(`  N${r.int(0, i - 1)} -->|"${r.pick(verbs)}"| N${i}`);
    }
  }
  return ['```mermaid', ...lines, '```'].join('\n');
}

function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

/** Note slug for the 1-based index `i`: `bench-0001`. */
export function noteSlugFor(i: number): string {
  return `bench-${pad(i)}`;
}

/** Generates one note (1-based `index`); pure and independent of the other notes. */
export function generateNote(index: number, options: CorpusOptions): GeneratedNote {
  const seed = deriveSeed(options.seed ?? DEFAULT_SEED, index);
  const r = createRng(seed);
  const w = words(r, options.cards);
  const [category, categoryDir] = r.pick(categories);
  const topic = r.pick(subjects);
  const title = `${topic}${r.pick(['入门', '原理', '实践', '笔记', '排障记录', '设计取舍', '与内核', '的生命周期'])}（${pad(index)}）`;
  const day = new Date(Date.UTC(2024, 0, 1) + (index % 700) * 86400000);
  const published = day.toISOString().slice(0, 10);
  const updated = r.chance(0.3)
    ? new Date(day.getTime() + r.int(1, 60) * 86400000).toISOString().slice(0, 10)
    : undefined;
  const parts: string[] = [];
  let codeBlocks = 0;
  let diagrams = 0;

  parts.push(paragraph(r, w, r.int(2, 4)));
  const sections = r.int(3, 7);
  const diagramSection =
    (options.diagramEvery ?? 5) > 0 && index % (options.diagramEvery ?? 5) === 0 ? r.int(1, sections) : -1;
  for (let s = 1; s <= sections; s += 1) {
    const heading = r.pick([
      `${s}. ${r.pick(subjects)}是什么？`,
      `${s}. ${r.pick(subjects)}与${r.pick(subjects)}的区别`,
      `${s}. 如何${r.pick(verbs)}${r.pick(objects)}`,
      `${s}. ${r.pick(scenes)}中的${r.pick(subjects)}`,
      `${s}. 常见问题`,
    ]);
    parts.push(`## ${heading}`);
    const paras = r.int(1, 3);
    for (let p = 0; p < paras; p += 1) parts.push(paragraph(r, w, r.int(2, 5)));
    if (r.chance(0.45)) {
      const items = Array.from({ length: r.int(3, 5) }, () => `- **${r.pick(properties)}**：${paragraph(r, w, 1)}`);
      parts.push(items.join('\n'));
    }
    if (r.chance(0.4)) {
      const sample = r.pick(codeSamples);
      parts.push(['```' + sample.lang, sample.code(r), '```'].join('\n'));
      codeBlocks += 1;
    }
    if (s === diagramSection) {
      parts.push(`下图概括了本节提到的${r.pick(subjects)}之间的关系：`);
      parts.push(mermaid(r, options.diagramNonce));
      diagrams += 1;
    }
    const subs = r.chance(0.5) ? r.int(1, 2) : 0;
    for (let h = 1; h <= subs; h += 1) {
      parts.push(`### ${s}.${h} ${r.pick(subjects)}的${r.pick(properties)}`);
      parts.push(paragraph(r, w, r.int(2, 4)));
      if (r.chance(0.15)) {
        parts.push(`:::${r.pick(['note', 'tip', 'caution'])}\n${paragraph(r, w, r.int(1, 2))}\n:::`);
      }
    }
  }
  if (index > 1) {
    const others = Array.from(new Set([r.int(1, index - 1), r.int(1, index - 1)]));
    parts.push(`## 延伸阅读\n\n${others.map((o) => `- [[${noteSlugFor(o)}]]`).join('\n')}`);
  }
  const tags = r.sample(tagPool, r.int(1, 4));
  return {
    slug: noteSlugFor(index),
    title,
    description: paragraph(r, w, 1)
      .replace(/\[\[([^|\]]+\|)?([^\]]+)\]\]/g, '$2')
      .slice(0, 80),
    category,
    categoryDir,
    tags,
    published,
    updated,
    body: parts.join('\n\n') + '\n',
    diagrams,
    codeBlocks,
  };
}

/** Generates `options.count` notes (deterministic for a given seed and card list). */
export function generateNotes(options: CorpusOptions): GeneratedNote[] {
  return Array.from({ length: options.count }, (_, i) => generateNote(i + 1, options));
}

function yamlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The note as a Stack Atlas / Fuwari markdown file. */
export function toAtlasMarkdown(note: GeneratedNote): string {
  const fm = [
    '---',
    `title: ${yamlString(note.title)}`,
    `published: ${note.published}`,
    ...(note.updated ? [`updated: ${note.updated}`] : []),
    `description: ${yamlString(note.description)}`,
    `image: ''`,
    `tags: [${note.tags.map(yamlString).join(', ')}]`,
    `category: ${yamlString(note.category)}`,
    'draft: false',
    `lang: ''`,
    '---',
  ];
  return `${fm.join('\n')}\n${note.body}`;
}

/**
 * The note as a Starlight doc (`src/content/docs/<categoryDir>/<slug>.md`): wiki links
 * to cards become their text (Starlight has no cards), links to notes become Markdown
 * links to the note's Starlight URL. `:::note` asides and mermaid fences stay as they are.
 */
export function toStarlightDoc(
  note: GeneratedNote,
  notes: ReadonlyMap<string, GeneratedNote>,
  cards: readonly CardRef[],
  base = '/',
): string {
  const byKey = new Map<string, CardRef>();
  for (const card of cards) {
    byKey.set(card.id.toLowerCase(), card);
    for (const alias of card.aliases ?? []) byKey.set(alias.toLowerCase(), card);
  }
  const body = note.body.replace(
    /\[\[([^[\]\n|]+)(?:\|([^[\]\n]+))?\]\]/g,
    (whole, target: string, label: string | undefined) => {
      const other = notes.get(target);
      if (other) return `[${label ?? other.title}](${base}${other.categoryDir}/${other.slug}/)`;
      const card = byKey.get(target.toLowerCase());
      if (card) return label ?? card.name;
      return label ?? target;
    },
  );
  const fm = ['---', `title: ${yamlString(note.title)}`, `description: ${yamlString(note.description)}`, '---'];
  return `${fm.join('\n')}\n${body}`;
}

export interface WrittenCorpus {
  dir: string;
  notes: number;
  /** Real notes copied along because cards quote them. */
  realNotes: number;
  diagrams: number;
  codeBlocks: number;
  /** Characters of note bodies (CJK counts 1 each). */
  characters: number;
}

/** Slugs of notes named by cards (`note: <slug>` in a card's remarks) that exist in the real content. */
export function referencedNotes(cardsDir: string): string[] {
  const notesDir = path.join(cardsDir, '..', 'notes');
  const slugs = new Set<string>();
  for (const file of readdirSync(cardsDir).filter((f) => f.endsWith('.md'))) {
    for (const m of readFileSync(path.join(cardsDir, file), 'utf8').matchAll(/\bnote:\s*['"]?([\w-]+)/g)) {
      if (existsSync(path.join(notesDir, `${m[1]}.md`))) slugs.add(m[1]!);
    }
  }
  return [...slugs].sort();
}

/**
 * Writes `<dir>/notes/*.md` and copies `cards/` and `layers.yaml` from the real
 * content folder. `dir` is emptied first.
 */
export function writeCorpus(dir: string, contentDir: string, notes: readonly GeneratedNote[]): WrittenCorpus {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'notes'), { recursive: true });
  cpSync(path.join(contentDir, 'cards'), path.join(dir, 'cards'), { recursive: true });
  cpSync(path.join(contentDir, 'layers.yaml'), path.join(dir, 'layers.yaml'));
  // Cards' remarks quote real notes (`corrects: { note: container-background, … }`) and the
  // build checks the quotes: those notes are copied too.
  const realNotes = referencedNotes(path.join(contentDir, 'cards'));
  for (const slug of realNotes) {
    cpSync(path.join(contentDir, 'notes', `${slug}.md`), path.join(dir, 'notes', `${slug}.md`));
  }
  let characters = 0;
  for (const note of notes) {
    writeFileSync(path.join(dir, 'notes', `${note.slug}.md`), toAtlasMarkdown(note));
    characters += note.body.length;
  }
  return {
    dir,
    notes: notes.length,
    realNotes: realNotes.length,
    diagrams: notes.reduce((n, x) => n + x.diagrams, 0),
    codeBlocks: notes.reduce((n, x) => n + x.codeBlocks, 0),
    characters,
  };
}
