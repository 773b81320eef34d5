/**
 * Limits that keep one Markdown file from stalling a build. The Markdown parser Astro
 * uses (micromark) needs time that grows far faster than the text in two shapes no real
 * note has, measured on this project's machine type:
 * - containers nested hundreds deep: lists 400 levels deep take 3 s to parse, 800 take
 *   19 s, 3,000 did not finish in two minutes;
 * - thousands of emphasis or link markers in one block: 5,000 `*a` take 0.6 s, 50,000
 *   take 49 s (the markers of a block are paired with each other).
 * Both are refused at their line before any parsing, with what to change. Fenced code
 * is skipped: its text is never parsed as Markdown.
 */

/** Deepest nesting of block quotes and list indentation (two columns per level) a line may have. */
export const MAX_NESTING = 64;

/**
 * Largest sum, over a file's blocks, of the square of each block's emphasis and link
 * markers (`*`, `_`, `[`, `]`, `(`, `)`): the parser's work grows with that square, and
 * one block of 5,000 markers (under a second to parse) is the most a file may weigh.
 */
export const MAX_MARKER_WEIGHT = 5_000 ** 2;

export interface LimitProblem {
  /** 1-based line in the file. */
  line: number;
  column: number;
  message: string;
}

const FENCE = /^(`{3,}|~{3,})/;
/** Block quote markers, list markers and indentation at the start of a line. */
const CONTAINER_PREFIX = /^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const MARKER = /[*_[\]()]/g;

/** Levels a line's prefix opens: quote markers, list markers (`- * +`, `1.`, `1)`), two columns of indentation. */
function nestingOf(prefix: string): number {
  let levels = 0;
  let columns = 0;
  for (const char of prefix) {
    if (char === '\t') columns += 4;
    else if (char === ' ') columns += 1;
    else if ('>-*+.)'.includes(char)) levels += 1;
  }
  return levels + Math.floor(columns / 2);
}

const markers = (line: string) => line.match(MARKER)?.length ?? 0;

/**
 * The problems of one Markdown body (the text after the frontmatter); `firstLine` is the
 * file line the body starts on. At most one problem per rule: the first over the limit.
 */
export function markdownLimitProblems(body: string, firstLine = 1): LimitProblem[] {
  const lines = body.split(/\r?\n/);
  const problems: LimitProblem[] = [];
  let fence: { char: string; length: number } | undefined;
  let deep: LimitProblem | undefined;
  let weight = 0;
  let heaviest = { line: 0, markers: 0 };
  /** The block being read: its first line, and its lines (outside fenced code). */
  let block: { line: number; lines: string[] } | undefined;

  const closeBlock = () => {
    if (!block) return;
    // A table's cells are parsed one row at a time: each row is its own block.
    const isTable = block.lines.length > 1 && TABLE_DELIMITER.test(block.lines[1]!) && block.lines[0]!.includes('|');
    const parts = isTable
      ? block.lines.map((text, i) => ({ line: block!.line + i, count: markers(text) }))
      : [{ line: block.line, count: block.lines.reduce((sum, text) => sum + markers(text), 0) }];
    for (const part of parts) {
      weight += part.count ** 2;
      if (part.count > heaviest.markers) heaviest = { line: part.line, markers: part.count };
    }
    block = undefined;
  };

  lines.forEach((text, index) => {
    const line = firstLine + index;
    const prefix = CONTAINER_PREFIX.exec(text)![0];
    const inner = text.slice(prefix.length);
    const fenceMark = FENCE.exec(inner)?.[1];
    if (fence) {
      if (
        fenceMark &&
        fenceMark[0] === fence.char &&
        fenceMark.length >= fence.length &&
        !inner.slice(fenceMark.length).trim()
      )
        fence = undefined;
      return;
    }
    if (fenceMark) {
      closeBlock();
      fence = { char: fenceMark[0]!, length: fenceMark.length };
      return;
    }
    const depth = nestingOf(prefix);
    if (!deep && depth > MAX_NESTING) {
      deep = {
        line,
        column: 1,
        message:
          `nested ${depth} levels deep (block quotes and list indentation); at most ${MAX_NESTING} are allowed, ` +
          'because the Markdown parser slows down steeply with depth',
      };
    }
    if (!inner.trim()) {
      closeBlock();
      return;
    }
    block ??= { line, lines: [] };
    block.lines.push(text);
  });
  closeBlock();
  if (deep) problems.push(deep);
  if (weight > MAX_MARKER_WEIGHT) {
    problems.push({
      line: heaviest.line,
      column: 1,
      message:
        `too many emphasis and link markers (* _ [ ] ( )): ${heaviest.markers} in the block starting here; ` +
        `the Markdown parser pairs them with each other, so a file may hold about ${Math.sqrt(MAX_MARKER_WEIGHT)} ` +
        'in one block (fewer spread over several); split the block or put the text in a code block',
    });
  }
  return problems;
}

/** The file line a body starts on, from the whole file's text and its body. */
export function bodyFirstLine(text: string, body: string): number {
  const head = text.slice(0, text.length - body.length);
  return head.split('\n').length;
}
