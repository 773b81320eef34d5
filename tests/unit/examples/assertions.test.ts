import { describe, expect, it } from 'vitest';
import { checkAssertions } from '../../../src/model/assertions.ts';

const output = ['== 1. PID namespace ==', 'inside: my PID is 1', 'NSpid:\t4242\t1', 'dd exit status: 137', ''].join(
  '\n',
);

describe('checkAssertions', () => {
  it('matches each pattern line by line (m flag) and reports the matching line', () => {
    const [result] = checkAssertions(output, [{ pattern: '^inside: my PID is 1$', description: 'PID 1' }]);
    expect(result).toEqual({
      kind: 'present',
      pattern: '^inside: my PID is 1$',
      description: 'PID 1',
      ok: true,
      line: 'inside: my PID is 1',
    });
  });

  it('fails a pattern that does not occur', () => {
    const [result] = checkAssertions(output, [{ pattern: '^dd exit status: 0$', description: 'dd succeeded' }]);
    expect(result!.ok).toBe(false);
    expect(result!.line).toBeUndefined();
  });

  it('can span lines and use back-references', () => {
    const results = checkAssertions('kernel 6.1.0\nhost kernel: 6.1.0 (same)\n', [
      { pattern: '^kernel (\\S+)\\nhost kernel: \\1 ', description: 'same kernel' },
      { pattern: '^kernel (\\S+)\\nhost kernel: 5', description: 'other kernel' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
  });

  it('fails an absent pattern that occurs, naming the offending line', () => {
    const results = checkAssertions(
      output,
      [],
      [
        { pattern: 'Permission denied', description: 'no permission errors' },
        { pattern: 'exit status: 137', description: 'no OOM' },
      ],
    );
    expect(results).toEqual([
      { kind: 'absent', pattern: 'Permission denied', description: 'no permission errors', ok: true },
      { kind: 'absent', pattern: 'exit status: 137', description: 'no OOM', ok: false, line: 'dd exit status: 137' },
    ]);
  });
});
