import { describe, expect, it } from 'vitest';
import { remarkWikiLinks, type WikiLinkOptions } from '../../../src/markdown/wiki-links.ts';
import { cards, render } from './render.ts';

const options: WikiLinkOptions = {
  cards,
  notes: new Map([['container-background', '容器技术背景']]),
  base: '/',
};
const md = (markdown: string, extra: Partial<WikiLinkOptions> = {}, path?: string) =>
  render(markdown, { remark: [[remarkWikiLinks, { ...options, ...extra }]], path });

const cardLink = (href: string, id: string, text: string) =>
  `<a href="${href}" class="wiki-link card-link" data-card="${id}">${text}</a>`;

describe('wiki links', () => {
  it('links a card by id with its name as text', async () => {
    expect(await md('见 [[containerd]]。')).toBe(
      `<p>见 ${cardLink('/cards/containerd/', 'containerd', 'containerd')}。</p>`,
    );
  });

  it('resolves aliases and names in any case; text is the card name', async () => {
    expect(await md('[[k8s]] [[Docker Engine]] [[docker 引擎]]')).toBe(
      `<p>${cardLink('/cards/kubernetes/', 'kubernetes', 'Kubernetes')} ${cardLink('/cards/docker-engine/', 'docker-engine', 'Docker 引擎')} ${cardLink('/cards/docker-engine/', 'docker-engine', 'Docker 引擎')}</p>`,
    );
  });

  it('uses the |label as link text', async () => {
    expect(await md('[[containerd|高级运行时]]')).toBe(
      `<p>${cardLink('/cards/containerd/', 'containerd', '高级运行时')}</p>`,
    );
  });

  it('keeps a #fragment', async () => {
    expect(await md('[[containerd#relations]] [[k8s#relations|关系]]')).toBe(
      `<p>${cardLink('/cards/containerd/#relations', 'containerd', 'containerd')} ${cardLink('/cards/kubernetes/#relations', 'kubernetes', '关系')}</p>`,
    );
  });

  it('links notes, with the title as default text and Chinese heading ids percent-encoded', async () => {
    const html = await md('[[container-background]] 和 [[container-background#1-容器解决的问题是什么|问题]]');
    expect(html).toBe(
      '<p><a href="/notes/container-background/" class="wiki-link note-link" data-note="container-background">容器技术背景</a> 和 ' +
        `<a href="/notes/container-background/#${encodeURIComponent('1-容器解决的问题是什么')}" class="wiki-link note-link" data-note="container-background">问题</a></p>`,
    );
  });

  it('accepts a plain list of note slugs (slug is the text)', async () => {
    expect(await md('[[other-note]]', { notes: ['other-note'] })).toContain(
      '<a href="/notes/other-note/" class="wiki-link note-link" data-note="other-note">other-note</a>',
    );
  });

  it('applies the base path', async () => {
    const html = await md('[[runc]] [[container-background]]', { base: '/stack-atlas' });
    expect(html).toContain('href="/stack-atlas/cards/runc/"');
    expect(html).toContain('href="/stack-atlas/notes/container-background/"');
  });

  it('supports explicit notes/ and cards/ prefixes and same-page fragments', async () => {
    const html = await md('[[notes/container-background]] [[cards/runc]] [[#jp1|问题1]]');
    expect(html).toContain('href="/notes/container-background/"');
    expect(html).toContain('href="/cards/runc/"');
    expect(html).toContain('<a href="#jp1" class="wiki-link">问题1</a>');
  });

  it('leaves [[...]] inside code and links alone', async () => {
    expect(await md('`[[nope]]` [a [[nope]] b](https://example.org)')).toBe(
      '<p><code>[[nope]]</code> <a href="https://example.org">a [[nope]] b</a></p>',
    );
  });

  it('fails on an unknown target naming file, line, column and target', async () => {
    await expect(md('# 标题\n\n第一行\n第二行 [[podman]] 结束', {}, 'content/notes/demo.md')).rejects.toThrow(
      'content/notes/demo.md:4:5: unknown wiki link target "podman" in [[podman]] (no card id, name or alias and no note slug "podman")',
    );
  });

  it('fails on forced kinds that do not exist', async () => {
    await expect(md('[[notes/runc]]', {}, 'content/notes/demo.md')).rejects.toThrow(
      'content/notes/demo.md:1:1: unknown wiki link target "runc" in [[notes/runc]] (no note "runc")',
    );
  });

  it('without cards only notes resolve', async () => {
    await expect(md('[[containerd]]', { cards: undefined }, 'n.md')).rejects.toThrow(
      'n.md:1:1: unknown wiki link target "containerd"',
    );
  });
});
