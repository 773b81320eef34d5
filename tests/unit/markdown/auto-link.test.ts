import remarkDirective from 'remark-directive';
import { describe, expect, it } from 'vitest';
import { remarkAdmonitions } from '../../../src/markdown/admonitions.ts';
import { remarkAutoLink, type AutoLinkOptions } from '../../../src/markdown/auto-link.ts';
import { remarkWikiLinks } from '../../../src/markdown/wiki-links.ts';
import { cards, render } from './render.ts';

const md = (markdown: string, options: Partial<AutoLinkOptions> = {}, path?: string) =>
  render(markdown, {
    remark: [
      remarkDirective,
      remarkAdmonitions,
      [remarkWikiLinks, { cards, base: '/' }],
      [remarkAutoLink, { cards, base: '/', ...options }],
    ],
    path,
  });

const link = (id: string, text: string) =>
  `<a href="/cards/${id}/" class="card-link auto-link" data-card="${id}">${text}</a>`;
const count = (html: string, id: string) => html.split(`data-card="${id}"`).length - 1;

describe('auto-link', () => {
  it('links the first mention per section only', async () => {
    const html = await md(
      'runc 启动容器，runc 很小。\n\n另一段 runc。\n\n## 下一节\n\n这里的 runc 再链接一次，runc 不再。',
    );
    expect(count(html, 'runc')).toBe(2);
    expect(html).toContain(`<p>${link('runc', 'runc')} 启动容器，runc 很小。</p>`);
    expect(html).toContain(`<p>这里的 ${link('runc', 'runc')} 再链接一次，runc 不再。</p>`);
  });

  it('treats subsections (h3, h4) as part of their h2 section', async () => {
    const html = await md('## 一节\n\nrunc 与 Docker。\n\n### 小节\n\nrunc 与 Docker。\n\n## 另一节\n\nrunc');
    expect(count(html, 'runc')).toBe(2);
    expect(count(html, 'docker')).toBe(1);
  });

  it('with perSection: false links once per page', async () => {
    const html = await md('runc\n\n## 下一节\n\nrunc', { perSection: false });
    expect(count(html, 'runc')).toBe(1);
  });

  it('never links inside headings, code, links, images or admonition titles', async () => {
    const html = await md(
      [
        '## runc 与 containerd',
        '',
        '`runc run` 和',
        '',
        '```sh',
        'runc run demo',
        '```',
        '',
        '[runc 仓库](https://github.com/opencontainers/runc) ![runc 图](runc.png)',
        '',
        ':::note[runc 提示]',
        '正文提到 runc。',
        ':::',
      ].join('\n'),
    );
    expect(html).toContain('<h2>runc 与 containerd</h2>');
    expect(html).toContain('<code>runc run</code>');
    expect(html).toContain('<code class="language-sh">runc run demo\n</code>');
    expect(html).toContain('<a href="https://github.com/opencontainers/runc">runc 仓库</a>');
    expect(html).toContain('alt="runc 图"');
    expect(html).toContain('<p class="admonition-title">runc 提示</p>');
    // The body of the admonition is prose, so it gets the section's first link.
    expect(html).toContain(`<p>正文提到 ${link('runc', 'runc')}。</p>`);
    expect(count(html, 'runc')).toBe(1);
  });

  it('prefers the longest name: "Docker 引擎" over "Docker"', async () => {
    const html = await md('Docker 引擎依赖 containerd。后来 Docker 也……');
    expect(html).toContain(link('docker-engine', 'Docker 引擎'));
    expect(html).toContain(`后来 ${link('docker', 'Docker')} 也`);
  });

  it('does not link a shorter name inside an already linked longer one', async () => {
    const html = await md('Docker 引擎，然后 Docker 引擎。');
    expect(count(html, 'docker-engine')).toBe(1);
    expect(count(html, 'docker')).toBe(0);
  });

  it('matches a CJK name with or without the space and keeps the original text', async () => {
    expect(await md('Docker引擎内部')).toContain(link('docker-engine', 'Docker引擎'));
    expect(await md('KUBERNETES 集群')).toContain(link('kubernetes', 'KUBERNETES'));
  });

  it('respects ASCII word boundaries', async () => {
    const html = await md('runcx、xrunc、containerd-shim、docker.io 和 runc_v2 都不是，但 runc（OCI）是。');
    expect(count(html, 'containerd')).toBe(0);
    expect(count(html, 'docker')).toBe(0);
    expect(html).toContain(`但 ${link('runc', 'runc')}（OCI）是`);
    expect(count(html, 'runc')).toBe(1);
  });

  it('links names glued to Chinese text and slashes', async () => {
    const html = await md('LXC仍用于特定场景，但Docker/Kubernetes生态已转向OCI标准（如runc）');
    expect(html).toContain(`${link('lxc', 'LXC')}仍用于`);
    expect(html).toContain(`但${link('docker', 'Docker')}/${link('kubernetes', 'Kubernetes')}生态`);
    expect(html).toContain(`（如${link('runc', 'runc')}）`);
  });

  it('prefers CRI-O over CRI and does not link CRI inside CRI-O', async () => {
    const html = await md('CRI-O 实现了 CRI（容器运行时接口）。');
    expect(html).toContain(link('cri-o', 'CRI-O'));
    expect(html).toContain(`实现了 ${link('cri', 'CRI')}（容器运行时接口）`);
  });

  it('links Chinese aliases', async () => {
    expect(await md('Linux 的命名空间')).toContain(link('namespaces', '命名空间'));
  });

  it('counts an explicit wiki link as the mention', async () => {
    const html = await md('[[containerd|高级运行时]] 之后 containerd 不再自动链接。');
    expect(count(html, 'containerd')).toBe(1);
  });

  it('does not link a card on its own page (option or file path)', async () => {
    expect(count(await md('runc 与 containerd', { currentCard: 'runc' }), 'runc')).toBe(0);
    const html = await md('runc 与 containerd', {}, 'content/cards/runc.md');
    expect(count(html, 'runc')).toBe(0);
    expect(count(html, 'containerd')).toBe(1);
  });

  it('can be disabled and can ignore generic terms', async () => {
    expect(await md('runc', { enabled: false })).toBe('<p>runc</p>');
    expect(count(await md('runc 和 k8s', { ignoreTerms: ['k8s'] }), 'kubernetes')).toBe(0);
  });

  it('applies the base path', async () => {
    expect(await md('runc', { base: '/stack-atlas/' })).toContain('href="/stack-atlas/cards/runc/"');
  });
});
