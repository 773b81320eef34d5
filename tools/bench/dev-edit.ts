/**
 * The author's loop in `astro dev` (issue 25, item 1): ms from saving a file until the
 * edited text is visible in a page already open in Chromium. Two edits, each repeated:
 * one sentence of a note (the note's page open) and one field of a card's frontmatter
 * (its `position`, the card's page open). Each repetition writes the original file with a
 * new tag, so the page must change every time; the files are restored at the end.
 *
 * Also says how the page took the change: `hot` (same document, swapped in place) or
 * `reload` (the browser loaded the page again), and the load average while it ran.
 *
 * Standalone: `node tools/bench/dev-edit.ts [--edits 5] [--keep] [--project dir]` copies content/ to a
 * temporary folder and measures there (the project's files are never edited).
 */
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../../src/diagrams/render/browser.ts';
import { editOneSentence } from './edit.ts';
import { median } from './goals.ts';
import { stripAnsi } from './phases.ts';
import { freePort } from './preview.ts';

export interface EditTiming {
  /** ms from the save until the tag was visible, one per repetition (failed ones left out). */
  ms: number[];
  /** How each visible change arrived. */
  how: ('hot' | 'reload')[];
  errors: string[];
}

export interface DevEditTiming {
  note: EditTiming;
  card: EditTiming;
  /** 1-minute load average at the start and the end, and the mean of samples taken while measuring. */
  load: { start: number; end: number; mean: number };
  error?: string | undefined;
  logFile: string;
}

/** Inserts `tag` into a card's `position:` line (the frontmatter field its page shows first). */
export function editCardField(text: string, tag: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  const at = lines.findIndex((l, i) => i < end && /^position:\s*\S/.test(l));
  if (at < 0) throw new Error('no `position:` field in the frontmatter');
  const line = lines[at]!;
  const cut = /[。.]$/.test(line) ? line.length - 1 : line.length;
  lines[at] = `${line.slice(0, cut)}（${tag}）${line.slice(cut)}`;
  return lines.join('\n');
}

export async function measureDevEdits(options: {
  astroBin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The content folder dev runs on (the files named below are edited and restored). */
  contentDir: string;
  executablePath: string;
  logFile: string;
  note: { file: string; path: string };
  card: { file: string; path: string };
  edits?: number;
  /** Upper bound for one edit to show (a miss is recorded as an error). */
  editTimeoutMs?: number;
  startTimeoutMs?: number;
}): Promise<DevEditTiming> {
  const edits = options.edits ?? 5;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const log = createWriteStream(options.logFile);
  const started = performance.now();
  const stamp = (text: string) => log.write(`[+${((performance.now() - started) / 1000).toFixed(2)}s] ${text}\n`);
  const child = spawn(
    process.execPath,
    [options.astroBin, 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: options.cwd,
      env: {
        ...options.env,
        STACK_ATLAS_CONTENT: options.contentDir,
        ASTRO_TELEMETRY_DISABLED: '1',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  createInterface({ input: child.stdout! }).on('line', (line) => stamp(stripAnsi(line)));
  createInterface({ input: child.stderr! }).on('line', (line) => stamp(stripAnsi(line)));
  const loads = [loadavg()[0]!];
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 1000);
  const result: DevEditTiming = {
    note: { ms: [], how: [], errors: [] },
    card: { ms: [], how: [], errors: [] },
    load: { start: loads[0]!, end: 0, mean: 0 },
    logFile: options.logFile,
  };
  const originals = new Map<string, string>();
  const browser = await chromium.launch({ executablePath: options.executablePath, args: chromiumArgs });
  try {
    const deadline = started + (options.startTimeoutMs ?? 180_000);
    for (;;) {
      if (exited) throw new Error('astro dev stopped before serving a page');
      if (performance.now() > deadline) throw new Error('astro dev served no page in time');
      const status = await fetch(`${origin}${options.note.path}`)
        .then(async (r) => (await r.arrayBuffer(), r.status))
        .catch(() => 0);
      if (status === 200) break;
      await sleep(250);
    }
    const page = await browser.newPage();
    for (const [kind, target] of [
      ['note', options.note],
      ['card', options.card],
    ] as const) {
      const file = path.join(options.contentDir, target.file);
      const original = readFileSync(file, 'utf8');
      originals.set(file, original);
      const edit = kind === 'note' ? editOneSentence : editCardField;
      // The first visit makes Vite optimise the pages' dependencies and reload once: settled first.
      // (a reload announced by the last restore can abort a navigation: tried again)
      for (let i = 0, ok = 0; ok < 2; i += 1) {
        try {
          await page.goto(`${origin}${target.path}`, { timeout: 120_000 });
          await page.waitForLoadState('networkidle', { timeout: 120_000 });
          ok += 1;
        } catch (error) {
          if (i >= 5) throw error;
          await sleep(1000);
        }
      }
      for (let i = 1; i <= edits; i += 1) {
        const tag = `bench-${kind}-${Date.now().toString(36)}`;
        // a marker on the open document: gone after a full reload, kept by a hot update
        await page.evaluate(() => ((window as unknown as { benchMarker?: boolean }).benchMarker = true));
        const saved = performance.now();
        stamp(`bench: ${kind} edit ${i} saved (${tag})`);
        writeFileSync(file, edit(original, tag));
        try {
          await page
            .locator('main', { hasText: tag })
            .first()
            .waitFor({ timeout: options.editTimeoutMs ?? 60_000 });
          const ms = performance.now() - saved;
          const hot = await page
            .evaluate(() => (window as unknown as { benchMarker?: boolean }).benchMarker === true)
            .catch(() => false);
          result[kind].ms.push(ms);
          result[kind].how.push(hot ? 'hot' : 'reload');
          stamp(`bench: ${kind} edit ${i} visible after ${Math.round(ms)} ms (${hot ? 'hot' : 'reload'})`);
        } catch (error) {
          result[kind].errors.push(`edit ${i}: ${(error as Error).message.split('\n')[0]}`);
          stamp(`bench: ${kind} edit ${i} not visible: ${(error as Error).message.split('\n')[0]}`);
        }
        // let dev finish what the save started (diagrams, checks) before the next save
        await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
        await sleep(1500);
      }
      writeFileSync(file, original);
      originals.delete(file);
      await sleep(1500);
    }
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    for (const [file, text] of originals) writeFileSync(file, text);
    clearInterval(sampler);
    result.load.end = loadavg()[0]!;
    result.load.mean = loads.reduce((a, b) => a + b, 0) / loads.length;
    await browser.close().catch(() => undefined);
    await stop(child, () => exited);
    await new Promise<void>((resolve) => log.end(resolve));
  }
  return result;
}

async function stop(child: ReturnType<typeof spawn>, exited: () => boolean) {
  if (exited() || !child.pid) return;
  const done = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  await Promise.race([done, sleep(5000)]);
  if (!exited()) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `1.23 s median (0.9–2.1 s, 5 edits, 5 hot)` */
export function describeEdits(timing: EditTiming): string {
  const m = median(timing.ms);
  if (m === undefined) return `not measured (${timing.errors.join('; ') || 'no edit'})`;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const hot = timing.how.filter((h) => h === 'hot').length;
  return (
    `${s(m)} median (${s(Math.min(...timing.ms))}–${s(Math.max(...timing.ms))}, ${timing.ms.length} edits, ` +
    `${hot} hot, ${timing.how.length - hot} reloads${timing.errors.length ? `, ${timing.errors.length} failed` : ''})`
  );
}

/** The note and card the bench edits in the project's own content. */
export const OWN_DEV_EDITS = {
  note: { file: 'notes/container-background.md', path: '/notes/container-background/' },
  card: { file: 'cards/runc.md', path: '/cards/runc/' },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      edits: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      // another checkout of the project to run dev in (e.g. main, for a before/after figure)
      project: { type: 'string' },
    },
  });
  const root = path.resolve(values.project ?? path.join(import.meta.dirname, '../..'));
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-dev-edit-'));
  const contentDir = path.join(dir, 'content');
  cpSync(path.join(root, 'content'), contentDir, { recursive: true });
  const { findChromium } = await import('../../tests/support/browser.ts');
  const timing = await measureDevEdits({
    astroBin: path.join(root, 'node_modules/astro/bin/astro.mjs'),
    cwd: root,
    env: { ...process.env, STACK_ATLAS_CACHE: path.join(dir, 'cache'), STACK_ATLAS_URLS: path.join(root, 'urls.txt') },
    contentDir,
    executablePath: findChromium(),
    logFile: path.join(dir, 'dev-edit.log'),
    ...OWN_DEV_EDITS,
    edits: Number(values.edits),
  });
  console.log(`note sentence → visible: ${describeEdits(timing.note)}`);
  console.log(`card field → visible:    ${describeEdits(timing.card)}`);
  console.log(
    `load average: ${timing.load.start.toFixed(1)} → ${timing.load.end.toFixed(1)} (mean ${timing.load.mean.toFixed(1)}), ${(
      await import('node:os')
    ).availableParallelism()} cores`,
  );
  console.log(`raw: ${JSON.stringify({ note: timing.note.ms.map(Math.round), card: timing.card.ms.map(Math.round) })}`);
  if (timing.error) console.log(`error: ${timing.error}`);
  console.log(`log: ${timing.logFile}`);
  if (!values.keep) rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
}
