/**
 * The one rule for where a Markdown file's frontmatter ends (`---` lines; the closing one
 * may end the file): the content loader, the Markdown error lines, the content check and
 * the bench's Starlight copy all split files with it.
 */
export interface FrontmatterSplit {
  /** The YAML between the `---` lines. */
  yaml: string;
  /** Everything after the closing `---` line. */
  body: string;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** The frontmatter and body of `text`, or undefined when it does not start with a frontmatter block. */
export function splitFrontmatter(text: string): FrontmatterSplit | undefined {
  const match = FRONTMATTER.exec(text);
  return match ? { yaml: match[1]!, body: match[2]! } : undefined;
}
