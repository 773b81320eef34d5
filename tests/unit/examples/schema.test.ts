import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExample, loadExamples, parseExampleMeta, parseTranscript } from '../../../src/model/examples.ts';
import { exampleMetaSchema, transcriptSchema } from '../../../src/model/example-schema.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');

const validMeta = {
  title: '例子',
  summary: '摘要',
  cards: ['runc'],
  claims: [{ note: 'container-background', quote: '低级：runc' }],
  requirements: { root: true, commands: ['runc'], cgroup: 'v1', kernel: ['overlay'] },
  timeout: 30,
  assertions: [{ pattern: '^ok$', description: 'prints ok' }],
  verified: ['cgroup v1'],
};

describe('example.yaml schema', () => {
  it('accepts a complete example and fills defaults', () => {
    const meta = exampleMetaSchema.parse(validMeta);
    expect(meta.absent).toEqual([]);
    expect(meta.unverified).toEqual([]);
    expect(meta.files).toEqual([]);
    expect(meta.order).toBe(100);
  });

  it('defaults requirements to unprivileged, any cgroup, no commands', () => {
    const meta = exampleMetaSchema.parse({ ...validMeta, requirements: {} });
    expect(meta.requirements).toEqual({ root: false, commands: [], cgroup: 'any', kernel: [], writable: [] });
  });

  it('rejects unknown cards, cgroup versions, kernel features and bad regexes', () => {
    const result = exampleMetaSchema.safeParse({
      ...validMeta,
      cards: ['Not An Id'],
      requirements: { cgroup: 'v3', kernel: ['zfs'] },
      assertions: [{ pattern: '(', description: 'x' }],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['cards.0', 'requirements.cgroup', 'requirements.kernel.0', 'assertions.0.pattern']),
    );
  });

  it('rejects fields it does not know (typos do not pass silently)', () => {
    expect(exampleMetaSchema.safeParse({ ...validMeta, timout: 5 }).success).toBe(false);
  });
});

describe('parseExampleMeta', () => {
  it('names the file and every bad field of the broken fixture', () => {
    // messages name files relative to the working directory (the project root in a build)
    const file = path.relative(process.cwd(), path.join(fixtures, 'broken/examples/bad-meta/example.yaml'));
    expect(() => loadExample(path.join(fixtures, 'broken'), 'bad-meta')).toThrowError(file);
    let message = '';
    try {
      loadExample(path.join(fixtures, 'broken'), 'bad-meta');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${file}: invalid example metadata`);
    for (const field of ['cards.1', 'requirements.root', 'requirements.cgroup', 'timeout', 'assertions.0.pattern']) {
      expect(message).toMatch(new RegExp(`- ${field.replaceAll('.', '\\.')}: `));
    }
    expect(message).toMatch(/extra/);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parseExampleMeta('x/example.yaml', 'title: [unclosed')).toThrowError(
      /^x\/example\.yaml: invalid YAML/,
    );
  });
});

describe('transcript.json schema', () => {
  const transcript = {
    id: 'runc',
    result: 'pass',
    durationMs: 812,
    exitCode: 0,
    scriptSha256: 'a'.repeat(64),
    output: 'ok\n',
    assertions: [{ kind: 'present', pattern: '^ok$', description: 'prints ok', ok: true, line: 'ok' }],
    environment: {
      date: '2026-01-01T00:00:00.000Z',
      kernel: '6.1.0',
      arch: 'x86_64',
      os: 'Debian GNU/Linux 12 (bookworm)',
      cgroup: { version: 'v1', layout: 'hybrid' },
      root: true,
      node: 'v22.0.0',
      tools: { runc: 'runc version 1.1.5' },
    },
  };

  it('accepts a recorded pass', () => {
    expect(transcriptSchema.parse(transcript).id).toBe('runc');
  });

  it('only records passes', () => {
    expect(() => parseTranscript('t.json', JSON.stringify({ ...transcript, result: 'fail' }))).toThrowError(
      /t\.json: invalid transcript:\n\s+- result:/,
    );
  });

  it('reports invalid JSON with the file name', () => {
    expect(() => parseTranscript('t.json', '{')).toThrowError(/^t\.json: invalid JSON/);
  });
});

describe('loadExamples', () => {
  it('loads a valid folder with its script, README and no transcript', () => {
    const [hello] = loadExamples(path.join(fixtures, 'valid'));
    expect(hello!.id).toBe('hello');
    expect(hello!.title).toBe('你好');
    expect(hello!.script.text).toContain('echo hello');
    expect(hello!.script.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(hello!.readme.text).toContain('# 你好');
    expect(hello!.transcript).toBeNull();
    expect(hello!.transcriptStale).toBe(false);
  });

  it('returns nothing when there is no examples folder', () => {
    expect(loadExamples(path.join(fixtures, 'does-not-exist'))).toEqual([]);
  });
});
