import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../tools/bench/prng.ts';
import {
  generateNote,
  generateNotes,
  noteSlugFor,
  referencedNotes,
  toAtlasMarkdown,
  toStarlightDoc,
  type CardRef,
  writeCorpus,
} from '../../../tools/bench/corpus.ts';
import { readFrontmatter } from '../../../src/model/load.ts';
import { noteSchema } from '../../../src/model/note-schema.ts';

const cards: CardRef[] = [
  { id: 'containerd', name: 'containerd', aliases: ['containerd-shim'] },
  { id: 'kubernetes', name: 'Kubernetes', aliases: ['k8s'] },
  { id: 'runc', name: 'runc', aliases: [] },
  { id: 'namespaces', name: 'Linux Namespaces', aliases: ['namespace'] },
];

describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(Array.from({ length: 20 }, () => b.next()));
  });

  it('stays in range and differs between seeds', () => {
    const r = createRng(7);
    for (let i = 0; i < 1000; i += 1) {
      const n = r.int(3, 9);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(9);
    }
    expect(createRng(1).next()).not.toBe(createRng(2).next());
    expect(deriveSeed(1, 5)).toBe(deriveSeed(1, 5));
    expect(deriveSeed(1, 5)).not.toBe(deriveSeed(1, 6));
  });

  it('samples distinct elements', () => {
    const picked = createRng(3).sample(['a', 'b', 'c', 'd', 'e'], 3);
    expect(new Set(picked).size).toBe(3);
  });
});

describe('synthetic corpus', () => {
  const notes = generateNotes({ count: 30, cards, seed: 1 });

  it('is deterministic for a seed, and a note does not depend on the corpus size', () => {
    expect(generateNotes({ count: 30, cards, seed: 1 })).toEqual(notes);
    expect(generateNote(12, { count: 500, cards, seed: 1 })).toEqual(notes[11]);
    expect(generateNotes({ count: 3, cards, seed: 2 })[0]!.body).not.toBe(notes[0]!.body);
  });

  it('puts a mermaid fence with Chinese labels in every fifth note', () => {
    notes.forEach((note, i) => {
      const fences = note.body.match(/```mermaid\n/g)?.length ?? 0;
      expect(fences, note.slug).toBe((i + 1) % 5 === 0 ? 1 : 0);
      expect(note.diagrams).toBe(fences);
    });
    expect(notes[4]!.body).toMatch(/```mermaid\n(flowchart|sequenceDiagram)[\s\S]*[\u4e00-\u9fff][\s\S]*```/);
  });

  it('adds the nonce only as a mermaid comment', () => {
    const cold = generateNote(5, { count: 5, cards, seed: 1, diagramNonce: 'abc' });
    expect(cold.body).toContain('%% bench abc');
    expect(cold.body.replace(/\n {2}%% bench abc/, '')).toBe(notes[4]!.body);
  });

  it('writes realistic Chinese notes: Fuwari frontmatter, h2/h3, code, links to cards and notes', () => {
    const all = notes.map((n) => n.body).join('\n');
    const averageLength = all.length / notes.length;
    expect(averageLength).toBeGreaterThan(1500);
    expect(averageLength).toBeLessThan(8000);
    expect(all).toMatch(/^## /m);
    expect(all).toMatch(/^### /m);
    expect(all).toMatch(/```(bash|yaml|json|go|dockerfile)\n/);
    expect(all).toContain('[[containerd');
    expect(all).toMatch(/ (Kubernetes|runc|containerd|Linux Namespaces) /);
    expect(all).toContain(`[[${noteSlugFor(1)}]]`);
    const hanShare = (all.match(/[\u4e00-\u9fff]/g)?.length ?? 0) / all.length;
    expect(hanShare).toBeGreaterThan(0.5);
  });

  it('links only to cards and notes that exist', () => {
    const keys = new Set(cards.flatMap((c) => [c.id, ...(c.aliases ?? [])]).map((k) => k.toLowerCase()));
    const slugs = new Set(notes.map((n) => n.slug));
    for (const note of notes) {
      for (const m of note.body.matchAll(/\[\[([^|\]]+)(?:\|[^\]]+)?\]\]/g)) {
        const target = m[1]!;
        expect(keys.has(target.toLowerCase()) || slugs.has(target), `${note.slug}: ${target}`).toBe(true);
        if (slugs.has(target)) expect(target < note.slug).toBe(true);
      }
    }
  });

  it('produces frontmatter that passes the note schema', () => {
    for (const note of notes) {
      const { data } = readFrontmatter(`${note.slug}.md`, toAtlasMarkdown(note));
      const parsed = noteSchema.safeParse(data);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data?.title).toBe(note.title);
    }
  });

  it('converts a note to a Starlight doc: card links become text, note links point at Starlight URLs', () => {
    const bySlug = new Map(notes.map((n) => [n.slug, n]));
    const note = notes.find(
      (n) =>
        /\[\[bench-\d+\]\]/.test(n.body) &&
        /\[\[(containerd|kubernetes|runc|namespaces|k8s|namespace|containerd-shim)(\|[^\]]+)?\]\]/.test(n.body),
    )!;
    expect(note).toBeDefined();
    const doc = toStarlightDoc(note, bySlug, cards);
    expect(doc).not.toContain('[[');
    expect(doc).toMatch(/^---\ntitle: '.+'\ndescription: '.*'\n---\n/);
    const target = /\[\[(bench-\d+)\]\]/.exec(note.body)![1]!;
    expect(doc).toContain(`](/${bySlug.get(target)!.categoryDir}/${target}/)`);
    expect(doc.match(/```mermaid/g)?.length ?? 0).toBe(note.diagrams);
  });
});

describe('corpus folder', () => {
  it('copies the real notes that cards quote, so the build can check the quotes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-corpus-'));
    try {
      const content = path.join(dir, 'content');
      mkdirSync(path.join(content, 'cards'), { recursive: true });
      mkdirSync(path.join(content, 'notes'), { recursive: true });
      writeFileSync(path.join(content, 'layers.yaml'), 'layers: []\n');
      writeFileSync(
        path.join(content, 'cards', 'a.md'),
        "---\nremarks:\n  - corrects: { note: real-one, quote: 'x' }\n  - corrects: { note: 'gone' }\n---\n",
      );
      writeFileSync(path.join(content, 'notes', 'real-one.md'), '---\ntitle: x\n---\n');
      writeFileSync(path.join(content, 'notes', 'unquoted.md'), '---\ntitle: y\n---\n');
      expect(referencedNotes(path.join(content, 'cards'))).toEqual(['real-one']);
      const written = writeCorpus(path.join(dir, 'corpus'), content, []);
      expect(written.realNotes).toBe(1);
      expect(readdirSync(path.join(dir, 'corpus', 'notes'))).toEqual(['real-one.md']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
