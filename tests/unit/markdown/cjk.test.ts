import { describe, expect, it } from 'vitest';
import { cjkPlugins } from '../../../src/markdown/cjk.ts';
import { render } from './render.ts';

const md = (markdown: string) => render(markdown, { remark: [...cjkPlugins] });

// Verbatim from content/notes/container-background.md.
const sentence =
  '虚拟机本质上运行了一个完整的操作系统，许多操作系统层面的操作重复执行了，而这些**<u>冗余执行直接导致了资源的消耗</u>**。容器化技术**通过共享内核（Namespaces，Cgroups等），从根本上避免了<u>这一问题</u>**，所以性能损耗大大减少。';

describe('CJK-friendly emphasis', () => {
  it('plain CommonMark fails on the note sentence (why the plugin exists)', async () => {
    expect(await render(sentence)).toContain('**<u>冗余执行');
  });

  it('renders both strong spans of the note sentence', async () => {
    const html = await md(sentence);
    expect(html).toContain('而这些<strong><u>冗余执行直接导致了资源的消耗</u></strong>。');
    expect(html).toContain(
      '容器化技术<strong>通过共享内核（Namespaces，Cgroups等），从根本上避免了<u>这一问题</u></strong>，所以',
    );
    expect(html).not.toContain('**');
  });

  it('handles bold ending in a full-width parenthesis before a dash', async () => {
    expect(await md('- **共享内核（Namespaces，Cgroups等）**——所有容器共享宿主机内核')).toContain(
      '<li><strong>共享内核（Namespaces，Cgroups等）</strong>——所有容器共享宿主机内核</li>',
    );
  });

  it('strikes through ~~double~~ next to Han characters', async () => {
    expect(await md('中文~~删除~~中文')).toBe('<p>中文<del>删除</del>中文</p>');
  });

  it('keeps single tildes (ranges such as 1~3 天) as text', async () => {
    expect(await md('需要 1~3 天，或 5~7 天。')).toBe('<p>需要 1~3 天，或 5~7 天。</p>');
  });
});
