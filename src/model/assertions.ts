/**
 * The one assertion checker for runnable examples: the host runner, the Node VM
 * runner and the browser's live checklist all match output with it. Pure (no Node
 * imports) so the browser bundles it.
 */
import type { Assertion, AssertionResult } from './example-schema.ts';

/** Matches every assertion against the output; `absent` patterns must not match. */
export function checkAssertions(output: string, assertions: Assertion[], absent: Assertion[] = []): AssertionResult[] {
  const lineOf = (match: RegExpExecArray) => {
    const start = output.lastIndexOf('\n', match.index) + 1;
    const end = output.indexOf('\n', match.index + match[0].length);
    return output.slice(start, end === -1 ? undefined : end);
  };
  return [
    ...assertions.map((a): AssertionResult => {
      const match = new RegExp(a.pattern, 'm').exec(output);
      return match
        ? { kind: 'present', pattern: a.pattern, description: a.description, ok: true, line: lineOf(match) }
        : { kind: 'present', pattern: a.pattern, description: a.description, ok: false };
    }),
    ...absent.map((a): AssertionResult => {
      const match = new RegExp(a.pattern, 'm').exec(output);
      return match
        ? { kind: 'absent', pattern: a.pattern, description: a.description, ok: false, line: lineOf(match) }
        : { kind: 'absent', pattern: a.pattern, description: a.description, ok: true };
    }),
  ];
}
