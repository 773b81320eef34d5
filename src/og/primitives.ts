/** Building blocks of the preview images: satori elements, text, the logo, the frame and footer. */
import { siteSettings } from '../config.ts';
import { FONT_FAMILY } from './fonts.ts';
import { clean, displayWidth } from './text.ts';
import { colors, FOOTER, HEIGHT, PAD_X, WIDTH } from './theme.ts';

/** A satori element: what JSX would have produced. */
export interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: Child | Child[] };
}
export type Child = Node | string;

export function el(style: Record<string, string | number>, children?: Child | Child[]): Node {
  return { type: 'div', props: { style: { display: 'flex', ...style }, children } };
}

/** A block of text cut to `lines` lines with an ellipsis. */
export function text(value: string, style: Record<string, string | number>, lines: number): Node {
  return {
    type: 'div',
    props: {
      style: {
        display: 'block',
        lineClamp: lines,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        wordBreak: 'break-word',
        ...style,
      },
      children: value,
    },
  };
}

/** Biggest font size (within bounds) at which `value` fits `width` pixels on one line. */
export function fitSize(value: string, width: number, max: number, min: number, emPerLatin = 1): number {
  const em = displayWidth(value) * emPerLatin;
  return Math.max(min, Math.min(max, Math.floor(width / Math.max(em, 1))));
}

/** The site's logo: three bars, widest (kernel) at the bottom. */
export function logo(size: number, onDark = false): Node {
  const c = colors();
  const bar = (width: number, color: string) =>
    el({
      width: Math.round(size * width),
      height: Math.round(size * 0.19),
      borderRadius: Math.round(size * 0.05),
      backgroundColor: color,
    });
  return el(
    {
      width: size,
      height: size,
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      gap: Math.round(size * 0.03),
      borderRadius: Math.round(size * 0.22),
      backgroundColor: onDark ? c.bg : 'transparent',
    },
    [bar(0.44, c.layer3), bar(0.62, c.layer2), bar(0.75, c.layer1)],
  );
}

function footer(section?: string): Node {
  const c = colors();
  return el(
    {
      height: FOOTER,
      flexShrink: 0,
      alignItems: 'center',
      justifyContent: 'space-between',
      padding: `0 ${PAD_X}px`,
      backgroundColor: c.accent,
      color: c.onAccent,
    },
    [
      el({ alignItems: 'center', gap: 20 }, [
        logo(54, true),
        el({ alignItems: 'baseline', fontSize: 32 }, [
          el({ fontWeight: 700 }, siteSettings.name),
          ...(siteSettings.tagline
            ? [el({ fontWeight: 400, marginLeft: 12, color: c.onAccentMuted }, `· ${siteSettings.tagline}`)]
            : []),
        ]),
      ]),
      el({ fontSize: 24, color: c.onAccentMuted }, section ?? ''),
    ],
  );
}

export function frame(main: Node, section?: string): Node {
  const c = colors();
  return el(
    {
      width: WIDTH,
      height: HEIGHT,
      flexDirection: 'column',
      backgroundColor: c.bg,
      fontFamily: FONT_FAMILY,
      color: c.fg,
    },
    [main, footer(section)],
  );
}

export function pill(label: string, solid: boolean, fontSize = 24): Node {
  const c = colors();
  return el(
    {
      flexShrink: 0,
      alignItems: 'center',
      padding: `${Math.round(fontSize * 0.25)}px ${Math.round(fontSize * 0.7)}px`,
      borderRadius: 999,
      fontSize,
      fontWeight: 700,
      backgroundColor: solid ? c.accent : c.accentSoft,
      color: solid ? c.onAccent : c.accentStrong,
    },
    clean(label, 24),
  );
}
