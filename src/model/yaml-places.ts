/**
 * Lines of YAML: parses text with positions so that an error about a field
 * (`relations.2.target`) can name the line it is written on, and turns YAML syntax
 * errors into file lines. `firstLine` is the file line of the YAML's first line
 * (2 for frontmatter after the opening `---`).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLError, type Node } from 'yaml';
import { ContentError, type Place } from './errors.ts';

export interface YamlText {
  data: unknown;
  /** Place of the deepest node found along `path` (the field's value, or its key for a missing child). */
  locate(path: readonly PropertyKey[]): Place | undefined;
}

/**
 * Parses `text` (YAML 1.2, as every loader here does); a syntax error is a ContentError
 * at its line in the file. Duplicate keys are errors too (the YAML library's default).
 */
export function parseYamlText(file: string, text: string, firstLine = 1, what = 'invalid YAML'): YamlText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const syntax = doc.errors[0];
  if (syntax) throw yamlSyntaxError(file, syntax, firstLine, what);
  const place = (offset: number | undefined): Place | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  const locate = (at: readonly PropertyKey[]): Place | undefined => {
    let node: unknown = doc.contents;
    let found = place((node as Node | null)?.range?.[0]);
    for (const key of at) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
        if (!pair) break;
        found = place((pair.value as Node | null)?.range?.[0] ?? (pair.key as Node | null)?.range?.[0]) ?? found;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        found = place(item.range?.[0]) ?? found;
        node = item;
      } else break;
    }
    return found;
  };
  return { data: doc.toJS() ?? {}, locate };
}

/** A YAML syntax error as a ContentError at its file line, without the library's code excerpt. */
export function yamlSyntaxError(file: string, error: YAMLError, firstLine: number, what: string): ContentError {
  const pos = error.linePos?.[0];
  const reason = error.message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  return new ContentError(file, `${what}: ${reason}`, {
    line: pos ? pos.line + firstLine - 1 : undefined,
    column: pos?.col,
  });
}
