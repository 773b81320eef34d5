import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesForCard, loadExamples } from '../../../src/model/examples.ts';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const examples = loadExamples(contentDir);

describe('the examples in content/examples', () => {
  it('all load and validate', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((e) => [e.id, e] as const))(
    '%s has a recorded passing transcript for its current run.sh',
    (_id, example) => {
      expect(example.transcript, 'run `sudo node tools/examples/cli.ts` to record it').not.toBeNull();
      expect(example.transcriptStale, 'run.sh changed after the transcript was recorded').toBe(false);
      expect(example.transcript!.assertions.every((a) => a.ok)).toBe(true);
    },
  );

  it.each(examples.map((e) => [e.id, e] as const))('%s README states what was not verified here', (_id, example) => {
    expect(example.readme.text).toMatch(/^## 没有在这里验证的部分$/m);
    expect(example.readme.text).toMatch(/^## 在自己的机器上运行$/m);
  });

  it('lists examples by card', () => {
    expect(examplesForCard(examples, 'runc').map((e) => e.id)).toEqual(expect.arrayContaining(['runc', 'startup']));
  });
});
