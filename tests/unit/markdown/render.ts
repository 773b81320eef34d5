/** Small unified pipeline for plugin tests: parse → gfm → (plugins) → rehype (raw HTML kept) → string. */
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { cardLookup } from '../../../src/markdown/card-index.ts';

export interface RenderOptions {
  remark?: PluggableList | undefined;
  rehype?: PluggableList | undefined;
  path?: string | undefined;
  frontmatter?: Record<string, unknown> | undefined;
}

/** Renders markdown to HTML; the file path defaults to a note so errors have something to name. */
export async function render(markdown: string, options: RenderOptions = {}): Promise<string> {
  const file = new VFile({
    value: markdown,
    path: options.path ?? 'content/notes/test-note.md',
    data: { astro: { frontmatter: options.frontmatter ?? {} } },
  });
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(options.remark ?? [])
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(options.rehype ?? [])
    .use(rehypeRaw)
    .use(rehypeStringify);
  return String(await processor.process(file));
}

/** A few cards shaped like the real ones (ids, names, aliases). */
export const cards = cardLookup([
  { id: 'containerd', name: 'containerd' },
  { id: 'docker', name: 'Docker' },
  { id: 'docker-engine', name: 'Docker 引擎', aliases: ['Docker Engine', 'dockerd'] },
  { id: 'kubernetes', name: 'Kubernetes', aliases: ['k8s'] },
  { id: 'runc', name: 'runc' },
  { id: 'lxc', name: 'LXC', aliases: ['Linux Containers'] },
  { id: 'cri', name: 'CRI', aliases: ['容器运行时接口'] },
  { id: 'cri-o', name: 'CRI-O' },
  { id: 'namespaces', name: 'Namespaces', aliases: ['命名空间'] },
  { id: 'cgroups', name: 'Cgroups' },
]);
