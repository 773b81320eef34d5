/**
 * Site-wide settings read from the environment so the same build can be
 * published at any origin and base path (GitHub Pages project sites, CDNs).
 */
export const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:4321';
/** Always starts and ends with `/`. */
export const BASE_PATH = normaliseBase(process.env.BASE_PATH ?? '/');

/** `stack-atlas` → `/stack-atlas/`, `` → `/`. */
export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

export const SITE = {
  title: 'Stack Atlas',
  titleZh: '容器技术栈图谱',
  description:
    '从 Namespaces、Cgroups 到 containerd、Docker 与 Kubernetes：一张可搜索、可离线、互相链接的容器技术栈图谱。',
  lang: 'zh-CN',
  ogLocale: 'zh_CN',
};

/**
 * Folder holding notes/, cards/, examples/ and layers.yaml. Tests point it at
 * small fixture folders (including deliberately broken ones).
 */
export const CONTENT_DIR = process.env.STACK_ATLAS_CONTENT ?? 'content';
