/**
 * `npm run check:content` on a content folder with the ten everyday mistakes of issue 25:
 * all ten are listed at once, each with its file and line, sorted, and the command fails;
 * a sound folder passes. The command runs as an author runs it (a child process).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tryFindChromium } from '../../src/diagrams/render/browser.ts';
import { root } from '../support/bad-input.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const browser = await tryFindChromium();

function check(fixture: string, copy = fixture) {
  const content = path.join(dir, copy, 'content');
  cpSync(path.join(root, 'tests/fixtures', fixture), content, { recursive: true });
  return { content, run: () => runCheck(content) };
}

function runCheck(content: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['tools/check-content.ts', content], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', STACK_ATLAS_URLS: '', ...env },
  });
  // as a build run from the project root names them
  const relative = (text: string) => text.split(`${path.dirname(content)}${path.sep}`).join('');
  return { status: result.status, stdout: relative(result.stdout), stderr: relative(result.stderr) };
}

describe('npm run check:content', () => {
  it.skipIf(!browser)('lists all ten everyday mistakes at once, each at its file and line, and fails', () => {
    const { content, run } = check('ten-mistakes');
    // runc.md had the alias first; crun.md is the card being edited
    utimesSync(path.join(content, 'cards/runc.md'), new Date('2026-01-01'), new Date('2026-01-01'));
    utimesSync(path.join(content, 'cards/crun.md'), new Date('2026-02-01'), new Date('2026-02-01'));
    const { status, stderr } = run();
    expect(status).toBe(1);
    const expected = [
      'content/cards/crun.md:4:11: aliases.0: "OCI runtime" is already used by card "runc" (runc.md)',
      'content/cards/crun.md:9:27: relations.0.target: unknown card "namespcaes"; did you mean "namespaces"?',
      'content/cards/youki.md:4:8: layer: unknown layer "runtime-lo"; did you mean "runtime-low"?',
      'content/notes/date.md:3:12: published: published must be a real date such as 2025-04-19',
      'content/notes/fence.md:7:1: this code block is never closed',
      'content/notes/image.md:7:8: image ./missing.png not found',
      'content/notes/indent.md:6:1: invalid YAML frontmatter: ',
      'content/notes/link.md:5:1: link ../old-post/: no such page',
      'content/notes/mermaid.md:10:1: invalid Mermaid in the fence at line 7',
      'content/notes/wiki.md:5:14: unknown wiki link target "namespcae"',
    ];
    const lines = stderr.split('\n').filter((line) => /^content\//.test(line));
    expect(lines).toHaveLength(expected.length);
    // sorted by file and line, one error per line
    expected.forEach((start, i) => expect(lines[i], `error ${i + 1}`).toContain(start));
    expect(stderr).toContain('check:content: 10 error(s)');
    expect(stderr).not.toMatch(/ancestors|\{ *$| {4}at /m);
  });

  it('passes a sound content folder', () => {
    const { run } = check('minimal');
    const { status, stdout, stderr } = run();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^check:content: .*content is fine \(1 notes, 2 cards/);
  });

  it('says which symbolic links under notes/ it skipped, as the build does', () => {
    const { content, run } = check('minimal', 'minimal-with-link');
    symlinkSync('/etc/passwd', path.join(content, 'notes/passwd.md'));
    const { status, stdout, stderr } = run();
    expect(stderr).toBe(
      'warning: content/notes/passwd.md: symbolic link not followed (notes are read from real files and folders only)\n',
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/content is fine \(1 notes, 2 cards/);
  });

  it('knows the numbered list pages a note may link to, as the build makes them', () => {
    const { content } = check('minimal', 'minimal-paged');
    for (const n of [2, 3]) {
      writeFileSync(
        path.join(content, `notes/more-${n}.md`),
        `---\ntitle: 又一篇 ${n}\npublished: 2025-04-2${n}\ntags: [测试]\n---\n正文。\n`,
      );
    }
    writeFileSync(
      path.join(content, 'notes/links.md'),
      '---\ntitle: 链接\npublished: 2025-04-25\n---\n[第二页](/archive/2/)、[标签第二页](/tags/测试/2/)、[没有的页](/tags/测试/3/)。\n',
    );
    // four notes, three of them tagged 测试: two pages of archive and of the tag at two per page
    const { status, stderr } = runCheck(content, { STACK_ATLAS_LIST_SIZE: '2' });
    expect(status).toBe(1);
    expect(stderr).toContain('check:content: 1 error(s)');
    expect(stderr).toMatch(/content\/notes\/links\.md:5:.*\/tags\/测试\/3\//);
    expect(runCheck(content).stderr).toContain('check:content: 3 error(s)'); // 50 per page: one page each
  });
});
