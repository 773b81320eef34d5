/**
 * Loads the dictionary of the site language (site.yaml's `language`, or SITE_LANG),
 * `src/i18n/<language>.ts`. Kept in its
 * own folder so bundlers can turn the variable import into a list of the language
 * files (they refuse one that could import its own folder).
 */
import { siteLang } from '../../config.ts';
import type { Dictionary } from '../index.ts';

export const dictionary: Dictionary = ((await import(`../${siteLang}.ts`)) as { default: Dictionary }).default;
