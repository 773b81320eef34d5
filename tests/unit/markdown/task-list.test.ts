import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { rehypeTaskListLabels } from '../../../src/markdown/task-list.ts';

describe('rehypeTaskListLabels', () => {
  it('labels done and open task-list checkboxes', async () => {
    const html = String(
      await unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(remarkRehype)
        .use(rehypeTaskListLabels)
        .use(rehypeStringify)
        .process('- [x] 完成\n- [ ] 未做\n'),
    );
    expect(html).toContain('checked disabled aria-label="已完成"');
    expect(html).toMatch(/type="checkbox" disabled aria-label="未完成"/);
  });
});
