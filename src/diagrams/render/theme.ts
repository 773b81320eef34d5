/**
 * One rendering that follows the site's theme: Mermaid draws with placeholder
 * colours (one per site token), which svg.ts then rewrites to
 * `var(--token, light value)`. The page's light/dark toggle changes the token
 * values; a standalone file gets the values written in.
 */
import { tokens } from '../../styles/tokens.ts';

/** Mermaid theme variable → the site token it should show. */
export const themeTokens: Record<string, string> = {
  background: 'bg-raised',
  primaryColor: 'accent-soft',
  mainBkg: 'accent-soft',
  actorBkg: 'accent-soft',
  labelBoxBkgColor: 'accent-soft',
  primaryBorderColor: 'accent',
  nodeBorder: 'accent',
  actorBorder: 'accent',
  labelBoxBorderColor: 'accent',
  primaryTextColor: 'fg',
  textColor: 'fg',
  titleColor: 'fg',
  actorTextColor: 'fg',
  signalTextColor: 'fg',
  labelTextColor: 'fg',
  loopTextColor: 'fg',
  noteTextColor: 'fg',
  nodeTextColor: 'fg',
  lineColor: 'fg-muted',
  signalColor: 'fg-muted',
  actorLineColor: 'border',
  noteBkgColor: 'bg-soft',
  noteBorderColor: 'border',
  secondaryColor: 'bg-soft',
  tertiaryColor: 'bg-soft',
  clusterBkg: 'bg-soft',
  clusterBorder: 'border',
  edgeLabelBackground: 'bg-raised',
  activationBkgColor: 'bg-soft',
  activationBorderColor: 'border',
  sequenceNumberColor: 'bg-raised',
};

const usedTokens = [...new Set(Object.values(themeTokens))].sort();

/** Placeholder colour of a token: unlikely in real diagrams, valid for Mermaid's colour parser. */
export function placeholder(token: string): string {
  return `#0a${(usedTokens.indexOf(token) + 1).toString(16).padStart(2, '0')}b7`;
}

/** Mermaid `themeVariables` made of placeholders. */
export function themeVariables(): Record<string, string> {
  return Object.fromEntries(Object.entries(themeTokens).map(([name, token]) => [name, placeholder(token)]));
}

/** Replaces every placeholder colour with `var(--token, light value)`. */
export function placeholdersToVars(svg: string): string {
  const light = tokens().light;
  return usedTokens.reduce(
    (out, token) => out.replace(new RegExp(placeholder(token), 'gi'), `var(--${token},${light[token] ?? '#000'})`),
    svg,
  );
}
