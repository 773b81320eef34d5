/**
 * The repository a site's content lives in, and the links made from it: edit this page,
 * report a problem with it. Pure: the URL comes from the settings (src/config.ts).
 */

export interface Repository {
  /** Web address of the repository, e.g. https://github.com/owner/stack-atlas (no trailing slash, no .git). */
  url: string;
  /** Branch that edits are proposed against. */
  branch: string;
  /**
   * Set when the repository is the content's own (site.yaml): where the content folder sits in
   * it ('' = at its root), so edit links name `<contentPath>/notes/x.md` wherever the build runs.
   */
  contentPath?: string;
  /** The content folder relative to the build's project root (filled in by the build). */
  localContentDir?: string;
}

/** `git+https://github.com/o/r.git`, `https://github.com/o/r/` → `https://github.com/o/r`; undefined if not http(s). */
export function normaliseRepositoryUrl(value: string | undefined): string | undefined {
  const text = (value ?? '').trim().replace(/^git\+/, '');
  if (!text) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}`;
}

const isGitLab = (repo: Repository) => /(^|\.)gitlab\./.test(new URL(repo.url).hostname);

/** A file's path in the repository: as given, or moved from the local content folder to `contentPath`. */
export function repositoryPath(repo: Repository, file: string): string {
  const local = repo.localContentDir?.replace(/\/+$/, '');
  if (repo.contentPath === undefined || local === undefined || !file.startsWith(`${local}/`)) return file;
  return [repo.contentPath.replace(/^\/+|\/+$/g, ''), file.slice(local.length + 1)].filter(Boolean).join('/');
}

/** The host's web editor for a file (path relative to the project root, see `repositoryPath`). */
export function editUrl(repo: Repository, file: string): string {
  const path = repositoryPath(repo, file).split('/').map(encodeURIComponent).join('/');
  const branch = encodeURIComponent(repo.branch);
  return isGitLab(repo) ? `${repo.url}/-/edit/${branch}/${path}` : `${repo.url}/edit/${branch}/${path}`;
}

/** A new issue with the page's title and address filled in. */
export function reportUrl(repo: Repository, title: string, body: string): string {
  if (isGitLab(repo)) {
    const query = new URLSearchParams({ 'issue[title]': title, 'issue[description]': body });
    return `${repo.url}/-/issues/new?${query}`;
  }
  return `${repo.url}/issues/new?${new URLSearchParams({ title, body })}`;
}
