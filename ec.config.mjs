// @ts-check
// Expressive Code options live here (not in astro.config.mjs) so the <Code> component can use them too.
import { defineEcConfig } from 'astro-expressive-code';
import { pluginLineNumbers } from '@expressive-code/plugin-line-numbers';
import {
  pluginCollapsibleSections,
  pluginCollapsibleSectionsTexts,
} from '@expressive-code/plugin-collapsible-sections';
import { pluginFramesTexts } from 'astro-expressive-code';
import { siteLang } from './src/config.ts';
import { raw } from './src/i18n/index.ts';

// Expressive Code's own labels ("Copy to clipboard", "Terminal window") come from our dictionary.
pluginFramesTexts.addLocale(siteLang, {
  terminalWindowFallbackTitle: raw('code.terminalWindow'),
  copyButtonTooltip: raw('code.copy'),
  copyButtonCopied: raw('code.copied'),
});
pluginCollapsibleSectionsTexts.addLocale(siteLang, { collapsedLines: raw('code.collapsedLines') });

export default defineEcConfig({
  defaultLocale: siteLang,
  themes: ['github-light', 'github-dark'],
  themeCssSelector: (theme) => `[data-theme='${theme.type}']`,
  useDarkModeMediaQuery: false,
  // The GitHub themes' terminal colours fall below WCAG AA on their own backgrounds.
  customizeTheme: (theme) => {
    const ansi =
      theme.type === 'dark'
        ? {
            Red: '#ff8e8e',
            BrightRed: '#ffa3a3',
            Green: '#56d364',
            Yellow: '#e3b341',
            Blue: '#79c0ff',
            Magenta: '#d2a8ff',
            Cyan: '#56d4dd',
          }
        : {
            Red: '#b31d28',
            BrightRed: '#a40e26',
            Green: '#116329',
            BrightGreen: '#1a7f37',
            Yellow: '#7a4e00',
            BrightYellow: '#7a4e00',
            Blue: '#0550ae',
            Magenta: '#6639ba',
            Cyan: '#1b6e75',
          };
    for (const [name, color] of Object.entries(ansi)) theme.colors[`terminal.ansi${name}`] = color;
    return theme;
  },
  plugins: [pluginLineNumbers(), pluginCollapsibleSections()],
  // Long lines wrap instead of hiding behind a scroll bar (phones); indentation is kept.
  defaultProps: { showLineNumbers: false, wrap: true, preserveIndent: true },
  styleOverrides: {
    codeFontFamily: 'var(--font-mono)',
    uiFontFamily: 'inherit',
    borderRadius: '10px',
  },
});
