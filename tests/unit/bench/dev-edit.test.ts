import { describe, expect, it } from 'vitest';
import { editCardField } from '../../../tools/bench/dev-edit.ts';

describe('the card edit of the dev benchmark', () => {
  it('puts the tag into the position field, before its final full stop, and nowhere else', () => {
    const card =
      '---\nname: runc\nposition: OCI 参考实现。\nfeatures:\n  - position: 不是这行\n---\n正文 position: 也不是\n';
    expect(editCardField(card, 'x1')).toBe(
      '---\nname: runc\nposition: OCI 参考实现（x1）。\nfeatures:\n  - position: 不是这行\n---\n正文 position: 也不是\n',
    );
  });

  it('says so when the card has no position field', () => {
    expect(() => editCardField('---\nname: runc\n---\nposition: 正文里\n', 'x')).toThrow(/position/);
  });
});
