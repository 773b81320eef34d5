import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { rehypeHeadings, rehypeSingleH1 } from '../../../src/markdown/headings.ts';
import { render } from './render.ts';

const md = (markdown: string, title?: string) =>
  render(markdown, { rehype: [rehypeHeadings], frontmatter: title === undefined ? {} : { title } });

describe('single h1', () => {
  it('removes a body h1 equal to the page title', async () => {
    const html = await md('# 容器技术背景   \n\n正文', '容器技术背景');
    expect(html).not.toContain('<h1');
    expect(html).toContain('<p>正文</p>');
  });

  it('demotes other h1 to h2', async () => {
    const html = await md('# 容器技术背景\n\n# 另一个一级标题\n\n正文', '容器技术背景');
    expect(html).not.toContain('<h1');
    expect(html).toContain('<h2 id="另一个一级标题">另一个一级标题');
  });

  it('uses a card’s name when there is no title', async () => {
    const html = await render('# containerd\n\n正文', {
      rehype: [rehypeSingleH1],
      frontmatter: { name: 'containerd' },
    });
    expect(html).toBe('<p>正文</p>');
  });

  it('without a title, drops a leading h1 (the document title) and demotes later ones', async () => {
    const html = await render('# A\n\n# B', { rehype: [rehypeSingleH1] });
    expect(html).toBe('<h2>B</h2>');
    expect(await render('text\n\n# B', { rehype: [rehypeSingleH1] })).toBe('<p>text</p>\n<h2>B</h2>');
  });
});

describe('heading anchors', () => {
  it('keeps Chinese ids and appends an accessible self-link to h2–h4', async () => {
    const html = await md('## 1. 容器解决的问题是什么？\n\n### 技术栈层次\n\n#### 四级\n\n##### 五级');
    expect(html).toContain(
      '<h2 id="1-容器解决的问题是什么">1. 容器解决的问题是什么？<a class="heading-anchor" aria-label="本节链接：1. 容器解决的问题是什么？" href="#1-容器解决的问题是什么"><svg',
    );
    expect(html).toContain(
      '<h3 id="技术栈层次">技术栈层次<a class="heading-anchor" aria-label="本节链接：技术栈层次" href="#技术栈层次">',
    );
    expect(html).toContain('<h4 id="四级">四级<a class="heading-anchor"');
    expect(html).toContain('<h5 id="五级">五级</h5>');
    // The plugin's default would hide the link from screen readers and the keyboard.
    const anchorTags = html.match(/<a class="heading-anchor"[^>]*>/g)!;
    expect(anchorTags).toHaveLength(3);
    for (const tag of anchorTags) expect(tag).not.toMatch(/aria-hidden|tabindex/);
  });

  it('draws the glyph without text, so Astro’s collected heading text has no "#"', async () => {
    const html = await md('## 标题');
    const anchor = /<a class="heading-anchor"[^>]*>([\s\S]*?)<\/a>/.exec(html)![1]!;
    expect(anchor.replace(/<[^>]+>/g, '')).toBe('');
    expect(anchor).toContain('aria-hidden="true"');
  });

  it('produces the same ids as Astro’s own later pass, which then keeps them', async () => {
    let headings: unknown;
    await render('# 题\n\n## 3. LXC、containerd、Docker 和 Kubernetes（k8s）的关系\n\n## 重复\n\n## 重复', {
      frontmatter: { title: '题' },
      rehype: [
        rehypeHeadings,
        rehypeHeadingIds,
        () => (_tree: unknown, file: { data: { astro?: { headings?: unknown } } }) => {
          headings = file.data.astro?.headings;
        },
      ],
    });
    expect(headings).toEqual([
      {
        depth: 2,
        slug: '3-lxccontainerddocker-和-kubernetesk8s的关系',
        text: '3. LXC、containerd、Docker 和 Kubernetes（k8s）的关系',
      },
      { depth: 2, slug: '重复', text: '重复' },
      { depth: 2, slug: '重复-1', text: '重复' },
    ]);
  });

  it('does not nest a link inside a heading that already has one', async () => {
    const html = await md('## 见 [runc](https://github.com/opencontainers/runc)');
    expect(html).not.toContain('heading-anchor');
  });

  it('keeps raw <a id> anchors and links to them', async () => {
    const html = await md('## 问题\n\n1. 实现批量化部署<a id="jp1"></a>\n\n针对[问题1](#jp1)');
    expect(html).toContain('<li>实现批量化部署<a id="jp1"></a></li>');
    expect(html).toContain('<a href="#jp1">问题1</a>');
  });
});
