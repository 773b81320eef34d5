/**
 * A size budget per page: a page over it fails the build naming the file the
 * author wrote (a 1.5 MB note with a 50,000-line code block becomes a 25 MB page,
 * which no reader wants and which the offline cache would have to skip).
 */
import path from 'node:path';
import { pagePath, type BuiltSite } from './output.ts';

export interface PageBudgetOptions {
  /** Largest page, in bytes. */
  limitBytes: number;
  /** The source file of a page (site path → file), to name it. */
  sourceOf?: (sitePath: string) => string | undefined;
}

const mib = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;

const display = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};

/** Returns the summary line; throws naming every page over the budget and its source file. */
export function checkPageBudget(site: BuiltSite, options: PageBudgetOptions): string {
  const over: string[] = [];
  let largest = 0;
  for (const [file, html] of site.html) {
    const bytes = Buffer.byteLength(html);
    largest = Math.max(largest, bytes);
    if (bytes <= options.limitBytes) continue;
    const source = options.sourceOf?.(site.base + pagePath(file));
    over.push(
      `  ${source ? `${display(source)}: its page ${file}` : file} is ${mib(bytes)}, over the ${mib(options.limitBytes)} page budget`,
    );
  }
  if (over.length) {
    throw new Error(
      `page budget: ${over.length} page(s) too large:\n${over.join('\n')}\n` +
        'Split the note or move long listings into a file linked from it; STACK_ATLAS_PAGE_BUDGET_KB raises the budget.',
    );
  }
  return `page budget: ${site.html.size} pages, largest ${mib(largest)} (budget ${mib(options.limitBytes)})`;
}
