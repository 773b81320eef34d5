/**
 * Gives collected errors their line: a loader that only knows the field
 * (`participants.2.card: unknown card "x"`) or reports a zod error as a list is turned
 * into one error per field at the line that field is written on, found by reading
 * the file's YAML (or a Markdown file's frontmatter) again. Only done when errors are
 * reported, so the good path pays nothing.
 */
import { readContentFile } from './content-files.ts';
import { ContentError } from './errors.ts';
import { fieldPath, readFrontmatter } from './load.ts';
import { parseYamlText, type YamlText } from './yaml-places.ts';

/** `invalid call chain:\n  - steps.0.to: …\n  - title: …` → one error per listed issue. */
function splitListed(error: ContentError): ContentError[] {
  const match = /^([^\n]*?):?\n((?: {2}- [^\n]*(?:\n|$))+)$/.exec(error.reason);
  if (!match || error.line !== undefined) return [error];
  const prefix = match[1]!.trim();
  return match[2]!
    .split('\n')
    .filter((line) => line.startsWith('  - '))
    .map((line) => new ContentError(error.file, `${prefix}: ${line.slice(4)}`));
}

/** The field a reason starts with (`relations.2.target: …`, after an optional `invalid …: ` prefix). */
function fieldOf(reason: string): string | undefined {
  const match = /^(?:invalid [^:\n]+: )?([\w/-]+(?:\.[\w/-]+)*): /.exec(reason);
  return match?.[1];
}

/** Every error with its line where the file says where its field is. */
export function placeErrors(errors: readonly ContentError[]): ContentError[] {
  const texts = new Map<string, YamlText | ContentError | undefined>();
  const yamlOf = (file: string): YamlText | ContentError | undefined => {
    if (texts.has(file)) return texts.get(file);
    let parsed: YamlText | ContentError | undefined;
    try {
      if (/\.mdx?$/.test(file)) {
        const { data, locate } = readFrontmatter(file, readContentFile(file));
        parsed = { data, locate };
      } else if (/\.ya?ml$/.test(file)) {
        parsed = parseYamlText(file, readContentFile(file), 1);
      }
    } catch (error) {
      parsed = error instanceof ContentError ? error : undefined;
    }
    texts.set(file, parsed);
    return parsed;
  };
  return errors.flatMap(splitListed).map((error) => {
    if (error.line !== undefined) return error;
    const yaml = yamlOf(error.file);
    // A YAML syntax error reported without its line: the parse above knows it.
    if (yaml instanceof ContentError) return /invalid YAML/.test(error.reason) ? yaml : error;
    const field = error.field ?? fieldOf(error.reason);
    if (!yaml || field === undefined) return error;
    return error.place(yaml.locate(fieldPath(field)));
  });
}
