import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesForCard, liveExamples, loadExamples } from '../../../src/model/examples.ts';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const examples = loadExamples(contentDir);

describe('the examples in content/examples', () => {
  it('all load and validate', () => {
    expect(examples.length).toBeGreaterThanOrEqual(19);
  });

  it.each(examples.map((e) => [e.id, e] as const))(
    '%s has a passing transcript, or a SKIP measured by the script, for its current run.sh',
    (_id, example) => {
      const recorded = example.transcript ?? example.skipped;
      expect(recorded, 'run `sudo npm run examples -- <id>` to record it').not.toBeNull();
      if (example.skipped && !example.transcript) {
        expect(example.skippedStale, 'run.sh changed after the skip was recorded').toBe(false);
        expect(example.skipped.reason.length).toBeGreaterThan(20);
        // the page says the script exists but that its assertions were never checked here
        expect(example.unverified.length).toBeGreaterThan(0);
        return;
      }
      expect(example.transcriptStale, 'run.sh changed after the transcript was recorded').toBe(false);
      expect(example.transcript!.assertions.every((a) => a.ok)).toBe(true);
    },
  );

  it.each(examples.filter((e) => e.transcript).map((e) => [e.id, e] as const))(
    '%s was recorded with the tools of Debian 13 or later',
    (_id, example) => {
      expect(example.transcript!.environment.os).toMatch(/^Debian GNU\/Linux (1[3-9]|[2-9]\d)\b/);
    },
  );

  it.each(examples.map((e) => [e.id, e] as const))('%s names its cgroup branch', (_id, example) => {
    // the kernel decides the cgroup mode: a page says which branch ran and which did not
    const text = [...example.verified, ...example.unverified].join(' ');
    if (/cgroup2fs|cgroup\.controllers/.test(example.script.text)) expect(text).toMatch(/cgroup v[12]/);
  });

  it.each(examples.map((e) => [e.id, e] as const))('%s README states what was not verified here', (_id, example) => {
    expect(example.readme.text).toMatch(/^## 没有在这里验证的部分$/m);
    expect(example.readme.text).toMatch(/^## 在自己的机器上运行$/m);
  });

  it('runs at least the seven kernel-level examples live in the emulated machine', () => {
    expect(liveExamples(examples).map((e) => e.id)).toEqual(
      expect.arrayContaining([
        'namespaces',
        'cgroups',
        'overlayfs',
        'capabilities',
        'seccomp',
        'user-namespaces',
        'runc',
      ]),
    );
  });

  it.each(liveExamples(examples).map((e) => [e.id, e] as const))(
    '%s has a passing machine transcript (cgroup v2) for its current machine script',
    (_id, example) => {
      const transcript = example.machine!.transcript;
      expect(transcript, 'run `npm run examples:vm -- <id>` to record it').not.toBeNull();
      expect(example.machine!.transcriptStale, 'the machine script changed after it was recorded').toBe(false);
      expect(transcript!.assertions.every((a) => a.ok)).toBe(true);
      expect(transcript!.environment.cgroup).toBe('v2');
      expect(transcript!.environment.packages.some((p) => p.startsWith('linux-image-'))).toBe(true);
    },
  );

  it('lists examples by card', () => {
    expect(examplesForCard(examples, 'runc').map((e) => e.id)).toEqual(expect.arrayContaining(['runc', 'startup']));
  });
});
