import { describe, expect, it } from 'vitest';
import { noteSummary } from '../../../src/model/note-summary.ts';

describe('note summaries', () => {
  it('take the first paragraph, a quote included, and punctuate its source line breaks', () => {
    const body = '# 标题\n> 本文讨论容器技术\n> windows容器技术有所不同\n>\n\n## 1. 问题\n1. 批量化部署\n2. 依赖隔离\n';
    expect(noteSummary(body)).toBe('本文讨论容器技术，windows容器技术有所不同。');
  });

  it('skip headings, lists, code and HTML, and keep the text of links and wiki links', () => {
    const body =
      '## 前言\n\n- 列表一\n- 列表二\n\n```sh\nls\n```\n\n<div>块</div>\n\n读 [[runc|运行时]] 和 [文档](https://example.com)<a id="x"></a>。';
    expect(noteSummary(body)).toBe('读 运行时 和 文档。');
  });

  it('join Latin lines with a space and leave already-punctuated text alone', () => {
    expect(noteSummary('Hello\nworld')).toBe('Hello world');
    expect(noteSummary('第一句。\n第二句，\n第三句')).toBe('第一句。第二句，第三句。');
  });

  it('fall back to the plain text when the note has no paragraph, and cut long text', () => {
    expect(noteSummary('- 只有\n- 列表')).toBe('只有 列表');
    expect([...noteSummary('字'.repeat(300), 50)].length).toBe(50);
  });

  it('give each length its own summary when the same note is summarised again', () => {
    const body = '容器'.repeat(100);
    expect([...noteSummary(body, 160)].length).toBe(160);
    expect([...noteSummary(body, 40)].length).toBe(40);
    expect([...noteSummary(body, 160)].length).toBe(160);
  });
});
