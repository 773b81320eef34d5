import remarkDirective from 'remark-directive';
import remarkGithubAdmonitionsToDirectives from 'remark-github-admonitions-to-directives';
import { describe, expect, it } from 'vitest';
import { githubAlertMapping, remarkAdmonitions } from '../../../src/markdown/admonitions.ts';
import { remarkLiteralDirectives } from '../../../src/markdown/directives.ts';
import { admonitionTypes } from '../../../src/markdown/admonitions.ts';
import { t } from '../../../src/i18n/index.ts';

const admonitionTitles = Object.fromEntries(admonitionTypes.map((type) => [type, t(`admonition.${type}`)]));
import { render } from './render.ts';

const plugins = [
  [remarkGithubAdmonitionsToDirectives, { mapping: githubAlertMapping }],
  remarkDirective,
  remarkAdmonitions,
  [remarkLiteralDirectives, { knownContainers: admonitionTypes }],
] as const;
const md = (markdown: string, path?: string) => render(markdown, { remark: [...plugins] as never, path });

describe('admonitions', () => {
  it.each(admonitionTypes)(':::%s renders an aside with the default Chinese title', async (type) => {
    const html = await md(`:::${type}\n正文内容\n:::`);
    expect(html).toBe(
      `<aside class="admonition admonition-${type}" role="note"><p class="admonition-title">${admonitionTitles[type]}</p><p>正文内容</p></aside>`,
    );
  });

  it('has five distinct Chinese default titles', () => {
    expect(new Set(Object.values(admonitionTitles)).size).toBe(5);
    expect(admonitionTitles).toMatchObject({ tip: '提示', important: '重要', warning: '警告' });
  });

  it('uses the [label] as a custom title, inline markdown included', async () => {
    const html = await md(':::tip[运行 **runc** 之前]\n先准备 rootfs。\n:::');
    expect(html).toContain('<aside class="admonition admonition-tip" role="note">');
    expect(html).toContain('<p class="admonition-title">运行 <strong>runc</strong> 之前</p>');
    expect(html).toContain('<p>先准备 rootfs。</p>');
    expect(html).not.toContain('提示');
  });

  it('keeps block content (lists, code) inside the aside', async () => {
    const html = await md(':::warning\n- 一\n- 二\n\n```sh\nrunc run demo\n```\n:::');
    expect(html).toMatch(
      /<aside class="admonition admonition-warning" role="note"><p class="admonition-title">警告<\/p><ul>[\s\S]*<pre><code class="language-sh">runc run demo\n<\/code><\/pre><\/aside>/,
    );
  });

  it('accepts upper-case type names', async () => {
    expect(await md(':::NOTE\nx\n:::')).toContain('admonition-note');
  });

  it.each([
    ['NOTE', 'note'],
    ['TIP', 'tip'],
    ['IMPORTANT', 'important'],
    ['WARNING', 'warning'],
    ['CAUTION', 'caution'],
  ])('GitHub alert [!%s] becomes admonition-%s', async (alert, type) => {
    const html = await md(`> [!${alert}]\n> 内核版本 **5.10** 以上。\n\n> 普通引用`);
    expect(html).toContain(
      `<aside class="admonition admonition-${type}" role="note"><p class="admonition-title">${admonitionTitles[type]}</p><p>内核版本 <strong>5.10</strong> 以上。</p></aside>`,
    );
    expect(html).toContain('<blockquote>\n<p>普通引用</p>\n</blockquote>');
  });

  it('fails on an unknown container directive, naming file, line and known names', async () => {
    await expect(md('前言\n\n:::waring\n小心\n:::', 'content/notes/typo.md')).rejects.toThrow(
      'content/notes/typo.md:3:1: unknown container directive ":::waring" (known: note, tip, important, warning, caution)',
    );
  });
});

describe('unhandled directives stay literal text', () => {
  it('does not eat times, image tags or ports', async () => {
    const html = await md('会议 12:30 开始，镜像 nginx:latest，地址 127.0.0.1:8080，Note: 文本，std::io。');
    expect(html).toBe('<p>会议 12:30 开始，镜像 nginx:latest，地址 127.0.0.1:8080，Note: 文本，std::io。</p>');
  });

  it('restores labels and attributes exactly as written', async () => {
    const html = await md('前 :foo[bar **粗**]{a=1} 后');
    expect(html).toBe('<p>前 :foo[bar <strong>粗</strong>]{a=1} 后</p>');
  });

  it('turns an unknown leaf directive back into a paragraph', async () => {
    expect(await md('::foo{x="1"}')).toBe('<p>::foo{x="1"}</p>');
  });

  it('leaves handled-looking syntax in code alone', async () => {
    expect(await md('`a:b` and\n\n```\n:::note\n```')).toBe(
      '<p><code>a:b</code> and</p>\n<pre><code>:::note\n</code></pre>',
    );
  });
});
