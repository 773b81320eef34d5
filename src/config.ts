/**
 * Deployment settings, read from the environment once so the same content can be
 * published at any origin, base path and language (GitHub Pages project sites, CDNs),
 * and so tests can build fixture sites side by side. astro.config.mjs hands these to
 * stackAtlas(); nothing else reads process.env for them.
 */
import path from 'node:path';
import { normaliseBase } from './model/urls.ts';
import { listSize } from './model/pagination.ts';
import { normaliseRepositoryUrl, type Repository } from './model/repository.ts';
import { readSiteFile, siteLanguages, siteSettings as settingsOf, type SiteLanguage } from './model/site-file.ts';

export interface SiteConfig {
  /** Public origin, for canonical links, previews, the sitemap and feeds. */
  site: string;
  /** Base path, always starting and ending with `/`. */
  base: string;
  /** Folder holding notes/, cards/, chains/, examples/, layers.yaml and redirects.yaml. */
  contentDir: string;
  /** Build output (Astro's outDir). */
  outDir: string;
  /** Astro's cache and ours (rendered diagrams, previews). */
  cacheDir: string;
  /** URL contract file checked after each build (when it exists); '' turns the check off. */
  urlsFile: string;
  /** Rewrite the URL contract instead of checking it (`npm run urls`). */
  updateUrls: boolean;
  /** Broken internal links fail the build ('error', the default) or are listed as warnings ('warn', for imports). */
  brokenLinks: 'error' | 'warn';
  /** Largest page, in KiB; a larger one fails the build naming its source file. */
  pageBudgetKiB: number;
  /** Notes per page of the archive and of each tag's and category's list. */
  listSize: number;
  /** Repository the content is edited in (edit-this-page and report links); undefined: no such links. */
  repository: Repository | undefined;
}

/**
 * Settings from `env` (SITE_URL, BASE_PATH, STACK_ATLAS_CONTENT, STACK_ATLAS_OUT, STACK_ATLAS_CACHE,
 * STACK_ATLAS_URLS, UPDATE_URL_CONTRACT, STACK_ATLAS_BROKEN_LINKS, STACK_ATLAS_PAGE_BUDGET_KB, STACK_ATLAS_LIST_SIZE,
 * STACK_ATLAS_REPO, STACK_ATLAS_REPO_BRANCH) and the content's site.yaml (its `repository`).
 * `packageRepository` is package.json's `repository`, the last fallback.
 */
export function siteConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  packageRepository?: string | { url?: string },
): SiteConfig {
  const contentDir = env.STACK_ATLAS_CONTENT || 'content';
  return {
    site: siteUrl(env.SITE_URL),
    base: basePath(env.BASE_PATH),
    contentDir,
    outDir: env.STACK_ATLAS_OUT || './dist',
    cacheDir: env.STACK_ATLAS_CACHE || './node_modules/.astro',
    // The default content's contract is urls.txt at the root; another content folder keeps its own
    // beside its notes (checked once `npm run urls` has written it). STACK_ATLAS_URLS='' turns it off.
    urlsFile: env.STACK_ATLAS_URLS ?? (contentDir === 'content' ? 'urls.txt' : path.join(contentDir, 'urls.txt')),
    updateUrls: env.UPDATE_URL_CONTRACT === '1',
    brokenLinks: brokenLinksMode(env.STACK_ATLAS_BROKEN_LINKS),
    pageBudgetKiB: pageBudget(env.STACK_ATLAS_PAGE_BUDGET_KB),
    listSize: listSize(env.STACK_ATLAS_LIST_SIZE),
    repository: repositoryFrom(env, packageRepository, readSiteFile(contentDir).repository),
  };
}

function siteUrl(value: string | undefined): string {
  if (!value) return 'http://127.0.0.1:4321';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`SITE_URL: "${value}" is not a URL; expected an origin such as https://docs.example.com`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`SITE_URL: "${value}" must start with https:// or http://`);
  }
  return value;
}

function basePath(value: string | undefined): string {
  const base = normaliseBase(value ?? '/');
  // plain segments only: nothing a URL or an HTML attribute would read differently
  const segments = base.split('/').filter(Boolean);
  if (segments.some((segment) => segment === '.' || segment === '..' || !/^[A-Za-z0-9._~-]+$/.test(segment))) {
    throw new Error(
      `BASE_PATH: "${value}" is not a plain path such as /stack-atlas/ (letters, digits, - _ . ~ between slashes)`,
    );
  }
  return base;
}

/**
 * The repository, first found of: STACK_ATLAS_REPO (a web URL; STACK_ATLAS_REPO=none turns the
 * links off), site.yaml's `repository`, the repository a GitHub Actions run builds, package.json's
 * `repository`. STACK_ATLAS_REPO_BRANCH overrides the branch of any of them.
 */
export function repositoryFrom(
  env: NodeJS.ProcessEnv,
  packageRepository?: string | { url?: string },
  siteRepository?: Repository,
): Repository | undefined {
  if (env.STACK_ATLAS_REPO === 'none') return undefined;
  if (siteRepository && !env.STACK_ATLAS_REPO) {
    return { ...siteRepository, branch: env.STACK_ATLAS_REPO_BRANCH || siteRepository.branch };
  }
  const fromActions =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined;
  const fromPackage = typeof packageRepository === 'string' ? packageRepository : packageRepository?.url;
  const given = env.STACK_ATLAS_REPO || fromActions || fromPackage;
  if (!given) return undefined;
  const url = normaliseRepositoryUrl(given);
  if (!url) throw new Error(`STACK_ATLAS_REPO: "${given}" is not an http(s) address of a repository`);
  const branch =
    env.STACK_ATLAS_REPO_BRANCH || (fromActions && !env.STACK_ATLAS_REPO ? env.GITHUB_REF_NAME : '') || 'main';
  return { url, branch };
}

function brokenLinksMode(value: string | undefined): 'error' | 'warn' {
  if (!value || value === 'error') return 'error';
  if (value === 'warn') return 'warn';
  throw new Error(`STACK_ATLAS_BROKEN_LINKS: "${value}" is not one of error, warn`);
}

/** Default page budget: ten times the largest page the site has today (an example page of ~240 KiB). */
export const DEFAULT_PAGE_BUDGET_KIB = 2048;

function pageBudget(value: string | undefined): number {
  if (!value) return DEFAULT_PAGE_BUDGET_KIB;
  const kib = Number(value);
  if (!Number.isFinite(kib) || kib <= 0)
    throw new Error(`STACK_ATLAS_PAGE_BUDGET_KB: "${value}" is not a positive number`);
  return kib;
}

/** Read with the config, so a wrong value stops the build before anything is rendered. */
export const listPageSize = listSize(process.env.STACK_ATLAS_LIST_SIZE);

/**
 * The content's site.yaml (name, tagline, hero, lead, footer, language, extra card kinds and
 * traits), read with the config; `astro dev` restarts itself once a saved site.yaml is valid (integrations/watcher-handover.ts).
 */
export const siteSettings = settingsOf(readSiteFile(path.resolve(process.env.STACK_ATLAS_CONTENT || 'content')));

/** SITE_LANG (an override), else site.yaml's `language`: one of the dictionaries in src/i18n/. */
export function languageFrom(env: NodeJS.ProcessEnv, fromSite: SiteLanguage): SiteLanguage {
  const lang = env.SITE_LANG;
  if (!lang) return fromSite;
  if (!(siteLanguages as readonly string[]).includes(lang)) {
    throw new Error(`SITE_LANG: "${lang}" has no dictionary in src/i18n/; expected one of ${siteLanguages.join(', ')}`);
  }
  return lang as SiteLanguage;
}

/** Language of the site and its dictionary file (src/i18n/<lang>.ts). */
export const siteLang: SiteLanguage = languageFrom(process.env, siteSettings.language);

/** Open Graph locale of the site language (zh-CN → zh_CN). */
export const ogLocale = siteLang.replace('-', '_');

/** A site-relative path under the deployed base path, for pages and components. */
export function url(sitePath: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${sitePath.replace(/^\/+/, '')}`;
}
