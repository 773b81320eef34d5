import { describe, expect, it } from 'vitest';
import { parseCard } from '../../src/model/load.ts';
import { ContentError } from '../../src/model/errors.ts';

const file = 'content/cards/demo.md';

/** A card file with the given extra frontmatter lines (YAML). */
function cardText(extra: string, reviewed = '2026-11-01'): string {
  return [
    '---',
    'name: Demo',
    'zh: 示例',
    'layer: kernel',
    'kind: concept',
    'position: 示例卡片',
    `reviewed: ${reviewed}`,
    'sources:',
    '  - { id: docs, title: Docs, url: "https://example.org/docs" }',
    '  - { title: Other, url: "https://example.org/other" }',
    extra,
    '---',
    '正文',
  ].join('\n');
}

function errorOf(text: string): string {
  try {
    parseCard(file, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error('expected the card to be rejected');
}

describe('card schema: reviewed', () => {
  it('is required and kept as the ISO day', () => {
    expect(parseCard(file, cardText('')).reviewed).toBe('2026-11-01');
    const missing = cardText('').replace(/^reviewed: .*\n/m, '');
    expect(errorOf(missing)).toMatch(/demo\.md[\s\S]*reviewed: reviewed is required/);
  });

  it('rejects impossible days and days in the future', () => {
    expect(errorOf(cardText('', '2026-02-30'))).toMatch(/reviewed: expected a real day YYYY-MM-DD, got "2026-02-30"/);
    expect(errorOf(cardText('', '2999-01-01'))).toMatch(/reviewed: "2999-01-01" is in the future/);
  });
});

describe('card schema: claims and their sources', () => {
  it('normalises plain and cited features and remarks to { text, source? }', () => {
    const card = parseCard(
      file,
      cardText(
        [
          'features:',
          '  - 没有版本的功能',
          '  - { text: 自 1.4 起弃用 cgroup v1, source: docs }',
          '  - { text: 默认启用, source: "https://example.org/release" }',
          'remarks: [笔记的说法]',
        ].join('\n'),
      ),
    );
    expect(card.features).toEqual([
      { text: '没有版本的功能' },
      { text: '自 1.4 起弃用 cgroup v1', source: 'docs' },
      { text: '默认启用', source: 'https://example.org/release' },
    ]);
    expect(card.remarks).toEqual([{ text: '笔记的说法' }]);
  });

  it('rejects a feature or remark that states a version, year or default without a source, naming the field', () => {
    expect(errorOf(cardText('features: [普通功能, 自 1.24 起移除]'))).toMatch(
      /demo\.md:11:18: features\.1: states a version, year or default but cites no source: "自 1\.24 起移除"/,
    );
    expect(errorOf(cardText('remarks: [2025 年发布]'))).toMatch(/remarks\.0: states a version.*"2025 年发布"/);
    expect(errorOf(cardText('features: [默认使用 overlayfs]'))).toMatch(/features\.0: .*"默认使用 overlayfs"/);
    expect(errorOf(cardText('features: [Enabled by default]'))).toMatch(/features\.0/);
  });

  it('rejects a citation of an unknown source id, naming the field path and the id', () => {
    expect(errorOf(cardText('features: [{ text: 有来源, source: nope }]'))).toMatch(
      /features\.0\.source: unknown source id "nope" \(known: docs\)/,
    );
  });

  it('requires a source on every history entry', () => {
    expect(errorOf(cardText('history: [{ date: "2024-01", text: 发布 }]'))).toMatch(/history\.0\.source/);
    const card = parseCard(file, cardText('history: [{ date: "2024-01", version: "1.0", text: 发布, source: docs }]'));
    expect(card.history[0]!.source).toBe('docs');
  });

  it('requires a source on a relation with since/until or a versioned label', () => {
    expect(errorOf(cardText('relations: [{ type: uses, target: x, since: "1.11" }]'))).toMatch(
      /relations\.0\.source: a relation with since\/until cites a source \(target "x"\)/,
    );
    expect(errorOf(cardText('relations: [{ type: uses, target: x, label: 1.31 起默认 }]'))).toMatch(
      /relations\.0\.source: the label states a version/,
    );
    const card = parseCard(file, cardText('relations: [{ type: uses, target: x, until: "1.24", source: docs }]'));
    expect(card.relations[0]!.source).toBe('docs');
  });

  it('rejects duplicate source ids and ids that are not ASCII handles', () => {
    const dup = cardText('').replace('{ title: Other,', '{ id: docs, title: Other,');
    expect(errorOf(dup)).toMatch(/sources\.1\.id: duplicate source id "docs"/);
    const bad = cardText('').replace('id: docs', 'id: 文档');
    expect(errorOf(bad)).toMatch(/sources\.0\.id: expected a source id/);
  });
});
