/**
 * When each content file last changed, from the repository history: one `git log` over the
 * content folder per build (not one per file), newest commit first, so a file's first
 * appearance is its last change. Quietly empty when there is no usable history: no git, not a
 * repository, or a shallow clone (whose oldest commit would stand in for every older change).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const git = (root: string, args: string[]) =>
  execFileSync('git', ['-C', root, '-c', 'core.quotePath=false', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  });

/** Parses `git log --format=%x1e%cI --name-only` output: path (relative to the repository) → ISO date. */
export function parseGitLog(output: string): Map<string, string> {
  const dates = new Map<string, string>();
  for (const record of output.split('\x1e')) {
    const [date, ...files] = record.split('\n').map((line) => line.trim());
    if (!date) continue;
    for (const file of files) if (file && !dates.has(file)) dates.set(file, date);
  }
  return dates;
}

/**
 * Last commit date of every file under `dir`, keyed by absolute path. Uncommitted files
 * have none; so does everything when the history is missing or shallow.
 */
export function lastCommitDates(root: string, dir: string): Map<string, string> {
  try {
    if (git(root, ['rev-parse', '--is-shallow-repository']).trim() !== 'false') return new Map();
    const top = git(root, ['rev-parse', '--show-toplevel']).trim();
    const log = git(root, ['log', '--format=%x1e%cI', '--name-only', '--no-renames', '--', path.resolve(root, dir)]);
    return new Map([...parseGitLog(log)].map(([file, date]) => [path.join(top, file), date]));
  } catch {
    return new Map();
  }
}

/** Where a page's text comes from: the file (relative to the project root) and its last commit date. */
export interface PageFile {
  file: string;
  updated?: string;
}

export interface PageFiles {
  cards: Record<string, PageFile>;
  notes: Record<string, PageFile>;
  examples: Record<string, PageFile>;
}

/** The source file and last change of every card, note and example page. */
export function pageFiles(
  root: string,
  content: {
    contentDir: string;
    atlas: { cards: { id: string; file: string }[] };
    noteFiles: { slug: string; file: string }[];
    examples: { id: string; dir: string }[];
  },
): PageFiles {
  const dates = lastCommitDates(root, content.contentDir);
  const entry = (absolute: string): PageFile => {
    const file = path.relative(root, absolute).split(path.sep).join('/');
    const updated = dates.get(absolute);
    return updated ? { file, updated } : { file };
  };
  const notesDir = path.join(content.contentDir, 'notes');
  return {
    cards: Object.fromEntries(content.atlas.cards.map((c) => [c.id, entry(path.resolve(root, c.file))])),
    notes: Object.fromEntries(content.noteFiles.map((n) => [n.slug, entry(path.resolve(notesDir, n.file))])),
    examples: Object.fromEntries(content.examples.map((e) => [e.id, entry(path.resolve(root, e.dir, 'README.md'))])),
  };
}
