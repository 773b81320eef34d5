/**
 * Real `astro build`s of small fixture sites, for what only a whole build shows:
 * the good site builds; a failing build exits non-zero with the author's message
 * (content errors and Markdown errors raised inside Astro's own pipeline, with
 * file lines) and leaves the previous dist/ untouched; two builds in one folder
 * do not trample each other. The per-input messages are in bad-input.test.ts.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { afterAll, describe, expect, it } from 'vitest';
import { contentFor, root } from '../support/bad-input.ts';
import { buildHoldingLock, buildOnce, buildWhenFree, lockFile } from '../support/checkout-build.ts';

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

function site(name: string | null) {
  const made = name ? contentFor(name) : contentFor('.');
  cleanups.push(made.cleanup);
  const out = path.join(made.dir, 'dist');
  mkdirSync(out);
  writeFileSync(path.join(out, 'index.html'), 'previous good output');
  const env = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    FORCE_COLOR: '0',
    STACK_ATLAS_CONTENT: made.content,
    STACK_ATLAS_OUT: out,
    STACK_ATLAS_CACHE: path.join(made.dir, 'cache'),
  };
  return { ...made, out, env };
}

/** Builds wait while another test file's build holds the checkout's lock (tests run side by side). */
const build = buildWhenFree;

/** The failed build left the previous output, no staging folder, and no lock of its own (`pid`). */
function expectUntouched(out: string, dir: string, pid: number) {
  expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('previous good output');
  expect(readdirSync(out)).toEqual(['index.html']);
  expect(existsSync(path.join(dir, '.dist-staging'))).toBe(false);
  // another test file's build may hold the lock now; this one must not
  expect(existsSync(lockFile) ? readFileSync(lockFile, 'utf8').split(' ')[0] : 'none').not.toBe(String(pid));
}

describe('building fixture sites', { timeout: 300_000 }, () => {
  it('the minimal fixture builds and replaces the previous output', () => {
    const s = site(null);
    const result = build(s.env);
    expect(result.status, result.output).toBe(0);
    expect(existsSync(path.join(s.out, 'cards/runc/index.html'))).toBe(true);
    expect(readFileSync(path.join(s.out, 'index.html'), 'utf8')).toContain('<html lang="zh-CN"');
    // The note's Mermaid fence was drawn with a cold cache: Chromium launched during content sync.
    expect(readFileSync(path.join(s.out, 'notes/hello/index.html'), 'utf8')).toMatch(
      /<figure class="diagram[^"]*"[\s\S]*<svg/,
    );
    expect(existsSync(path.join(s.dir, '.dist-staging'))).toBe(false);
  });

  it('incremental builds after a note edit and a card edit give the same output as a clean build', () => {
    const s = site(null);
    expect(build(s.env).status).toBe(0);
    const note = path.join(s.content, 'notes/hello.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace('一篇小笔记', '一篇改过的小笔记'));
    const incremental = build(s.env);
    expect(incremental.status, incremental.output).toBe(0);
    // The unchanged diagrams and previews came from the caches.
    expect(incremental.output).toMatch(/link previews: \d+ images, 1 drawn/);
    expect(incremental.output).toMatch(/diagrams: \d+ unchanged since the last build, reused/);
    // A card's name is drawn in the diagrams: they are made again, not taken from the last build.
    const card = path.join(s.content, 'cards/namespaces.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('name: Namespaces', 'name: Linux Namespaces'));
    const afterCard = build(s.env);
    expect(afterCard.status, afterCard.output).toBe(0);
    expect(afterCard.output).toMatch(/diagrams: \d+ in [\d.]+ s \(0 rendered by Mermaid/);
    const clean = {
      ...s.env,
      STACK_ATLAS_OUT: path.join(s.dir, 'clean'),
      STACK_ATLAS_CACHE: path.join(s.dir, 'clean-cache'),
    };
    expect(build(clean).status).toBe(0);
    const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    const a = files(s.out);
    expect(a).toEqual(files(clean.STACK_ATLAS_OUT));
    const differ = a.filter((file) => {
      const x = path.join(s.out, file);
      const y = path.join(clean.STACK_ATLAS_OUT, file);
      return statSync(x).isFile() && !readFileSync(x).equals(readFileSync(y));
    });
    expect(differ).toEqual([]);
    expect(readFileSync(path.join(s.out, 'notes/hello/index.html'), 'utf8')).toContain('一篇改过的小笔记');
    expect(readFileSync(path.join(s.out, 'diagrams/stack.svg'), 'utf8')).toContain('Linux Namespaces');
    // runc's body ([[namespaces]]) did not change, but the name its link shows did.
    expect(readFileSync(path.join(s.out, 'cards/runc/index.html'), 'utf8')).toContain('>Linux Namespaces</a>');
  });

  it('notes written for Fuwari build as they are: video embeds, identical covers, file-path links', () => {
    const s = site(null);
    cpSync(path.join(root, 'tests/fixtures/fuwari-like'), s.content, { recursive: true });
    const result = build(s.env);
    expect(result.status, result.output).toBe(0);
    const page = (slug: string) => readFileSync(path.join(s.out, `notes/${slug}/index.html`), 'utf8');
    // every cover points at a file that was written, the two identical ones at the same file
    const covers = ['media/cover-a', 'media/cover-b'].map(
      (slug) => /<img class="note-cover" src="\/([^"]+)"/.exec(page(slug))?.[1],
    );
    expect(covers[0]).toBeDefined();
    expect(covers[1]).toBe(covers[0]);
    expect(existsSync(path.join(s.out, covers[0]!))).toBe(true);
    // the videos are players that load nothing by themselves; the code block keeps its text
    const videos = page('media/videos');
    expect(videos.match(/<button class="video-embed-play"/g)).toHaveLength(3);
    expect(selectAll('iframe', fromHtml(videos))).toEqual([]);
    expect(videos).toContain('data-video-src="https://player.vimeo.com/video/76979871?autoplay=1&#x26;dnt=1"');
    // links written as note files reach the notes' pages
    const extended = page('media/extended');
    const videoSection = `/notes/media/videos/#${encodeURIComponent('b-站上的一段')}`;
    for (const href of [videoSection, '/notes/media/cover-a/', '/notes/media/cover-b/']) {
      expect(extended).toContain(`href="${href}"`);
    }
    expect(readFileSync(path.join(s.out, '_headers'), 'utf8')).toContain(
      "frame-src 'self' https://www.youtube-nocookie.com https://player.bilibili.com https://player.vimeo.com;",
    );
  });

  it('a content error fails the build with its message and keeps the previous output', () => {
    const s = site('card-unknown-relation');
    const result = build(s.env);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('cards/bad.md:8:27: relations.0.target: unknown card "no-such-card"');
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('content with the ten everyday mistakes fails one build that lists all ten, untouched dist/', () => {
    const s = site('.');
    rmSync(s.content, { recursive: true });
    cpSync(path.join(root, 'tests/fixtures/ten-mistakes'), s.content, { recursive: true });
    // runc.md had the alias first; crun.md is the card being edited
    utimesSync(path.join(s.content, 'cards/runc.md'), new Date('2026-01-01'), new Date('2026-01-01'));
    const result = build(s.env);
    expect(result.status).not.toBe(0);
    for (const where of [
      'cards/crun.md:4:11',
      'cards/crun.md:9:27',
      'cards/youki.md:4:8',
      'notes/date.md:3:12',
      'notes/fence.md:7:1',
      'notes/image.md:7:8',
      'notes/indent.md:6:1',
      'notes/link.md:5:1',
      'notes/mermaid.md:10:1',
      'notes/wiki.md:5:14',
    ]) {
      expect(result.output).toContain(`content/${where}: `);
    }
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('a Markdown error inside Astro’s pipeline names the file line, frontmatter counted', () => {
    const s = site('note-unknown-wiki-link');
    const result = build(s.env);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/notes\/bad\.md:7:7: unknown wiki link target "no-such-card"/);
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('a broken link from an imported note names its source line; strict by default, untouched dist/', () => {
    const s = site('note-broken-relative-link');
    const result = build(s.env);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('content/notes/bad.md:17: local-doc.html (no such page)');
    expect(result.output).toContain('STACK_ATLAS_BROKEN_LINKS=warn');
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('an inline <script> in a note is refused with its file line, untouched dist/', () => {
    const s = site('note-script-block');
    const result = build(s.env);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/notes\/bad\.md:7:1: inline <script> is not allowed in content/);
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('a site too big for the heap stops at set-up, naming the setting that fixes it; untouched dist/', () => {
    const s = site(null);
    const result = build({ ...s.env, NODE_OPTIONS: '--max-old-space-size=256' });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /memory: \S+notes holds \d+ notes; building them needs about \d+\.\d GiB of JavaScript heap, but Node's limit here is 0\.\d GiB\. Run the build with NODE_OPTIONS=--max-old-space-size=\d+ /,
    );
    // Stopped before Astro synced or rendered anything.
    expect(result.output).not.toMatch(/Syncing content|generating static routes|heap out of memory/);
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('a page over the page budget fails naming the note and its size, untouched dist/', () => {
    const s = site('note-page-over-budget');
    const result = build({ ...s.env, STACK_ATLAS_PAGE_BUDGET_KB: '24' });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /notes\/bad\.md: its page notes\/bad\/index\.html is \d+ KiB, over the 24 KiB page budget/,
    );
    expectUntouched(s.out, s.dir, result.pid);
  });

  it('an imported folder: symlink loops skipped with a warning, any tag characters, broken links as warnings on request', () => {
    const s = site('note-broken-relative-link');
    symlinkSync('.', path.join(s.content, 'notes/loop'));
    symlinkSync('../notes', path.join(s.content, 'notes/loop2'));
    writeFileSync(
      path.join(s.content, 'notes/tags.md'),
      "---\ntitle: 标签\npublished: 2025-04-19\ntags: [CI/CD, 'C++', 'a b?c#d']\ncategory: 容器/运行时\n---\n正文。\n",
    );
    for (const n of [2, 3]) {
      writeFileSync(
        path.join(s.content, `notes/tags-${n}.md`),
        `---\ntitle: 标签 ${n}\npublished: 2025-04-2${n}\ntags: [CI/CD]\n---\n正文 ${n}。\n`,
      );
    }
    // two notes per list page, so the archive and the CI/CD tag run over several pages
    const result = build({ ...s.env, STACK_ATLAS_BROKEN_LINKS: 'warn', STACK_ATLAS_LIST_SIZE: '2' });
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/notes\/loop: symbolic link not followed/);
    expect(result.output).toMatch(/notes\/loop2: symbolic link not followed/);
    expect(result.output).toMatch(/link check: warning: .*notes\/bad\.md:17: local-doc\.html \(no such page\)/);
    for (const page of [
      'tags/CI-CD',
      'tags/C++',
      'tags/a-b-c-d',
      'categories/容器-运行时',
      'notes/bad',
      'notes/tags',
    ]) {
      expect(existsSync(path.join(s.out, page, 'index.html')), page).toBe(true);
    }
    expect(existsSync(path.join(s.out, 'notes/loop'))).toBe(false);
    const tag = readFileSync(path.join(s.out, 'tags/CI-CD/index.html'), 'utf8');
    expect(tag).toContain('CI/CD');

    // Long lists run over numbered pages: every note once, each page linked from its neighbours.
    const page = (file: string) => fromHtml(readFileSync(path.join(s.out, file), 'utf8'));
    const hrefs = (tree: ReturnType<typeof fromHtml>, selector: string) =>
      selectAll(selector, tree).map((a) => String(a.properties.href));
    const notesDir = path.join(s.content, 'notes');
    const noteCount = readdirSync(notesDir).filter((f) => f.endsWith('.md')).length;
    const archivePages = ['archive/index.html'];
    while (existsSync(path.join(s.out, `archive/${archivePages.length + 1}/index.html`))) {
      archivePages.push(`archive/${archivePages.length + 1}/index.html`);
    }
    expect(archivePages.length).toBe(Math.ceil(noteCount / 2));
    const listed = archivePages.flatMap((f) => hrefs(page(f), '.note-list a'));
    expect(listed.length).toBe(noteCount);
    expect(new Set(listed).size).toBe(noteCount);
    const first = page('archive/index.html');
    expect(hrefs(first, '.list-pager a[rel=next]')).toEqual(['/archive/2/']);
    expect(hrefs(first, '.list-pager a[aria-current=page]')).toEqual(['/archive/']);
    const second = page('archive/2/index.html');
    expect(hrefs(second, '.list-pager a[rel=prev]')).toEqual(['/archive/']);
    expect(selectAll('h1', second).map((h) => JSON.stringify(h))).toEqual([expect.stringContaining('第 2 页')]);
    const tagPages = ['tags/CI-CD/index.html', 'tags/CI-CD/2/index.html'].map(page);
    expect(tagPages.flatMap((tree) => hrefs(tree, '.note-list a')).sort()).toEqual(
      ['/notes/tags-2/', '/notes/tags-3/', '/notes/tags/'].sort(),
    );
    expect(hrefs(tagPages[1]!, '.list-pager a[rel=prev]')).toEqual(['/tags/CI-CD/']);
    expect(existsSync(path.join(s.out, 'tags/CI-CD/3'))).toBe(false);
  });

  it('a second build in the same checkout stops at once instead of trampling the first', async () => {
    const s = site(null);
    const first = await buildHoldingLock(s.env);
    const second = buildOnce(s.env);
    expect(second.status).not.toBe(0);
    expect(second.output).toMatch(/another build is running in this checkout \(pid \d+\)/);
    expect(await first.done).toBe(0);
    expect(existsSync(path.join(s.out, 'cards/runc/index.html'))).toBe(true);
    rmSync(s.out, { recursive: true, force: true });
  });
});
