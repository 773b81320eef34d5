/**
 * Element trees for satori (plain `{ type, props }` objects, no JSX) for the
 * three kinds of link-preview image. Pure: the same spec gives the same tree.
 */
import { FONT_FAMILY } from './fonts.ts';
import { clean, displayWidth, formatDay } from './text.ts';

export const WIDTH = 1200;
export const HEIGHT = 630;
const FOOTER = 92;
const PAD_X = 64;
const PAD_Y = 52;

/** Colours from src/styles/global.css (light theme). */
export const colors = {
  bg: '#ffffff',
  bgSoft: '#f5f7f7',
  fg: '#1b2125',
  fgBody: '#3a454d',
  fgMuted: '#55606a',
  border: '#dfe4e6',
  accent: '#0f766e',
  accentStrong: '#115e59',
  accentSoft: '#e6f4f1',
  layer1: '#0f766e',
  layer2: '#14b8a6',
  layer3: '#5eead4',
  onAccent: '#ffffff',
  onAccentMuted: '#ccfbf1',
};

export const SITE_NAME = 'Stack Atlas';
export const SITE_NAME_ZH = '容器技术栈图谱';

/** A layer of the stack as the graphic needs it. */
export interface StackLayer {
  id: string;
  name: string;
  en: string;
  group?: string;
  aside?: boolean;
  /** Names of the layer's cards, listed in the box when no layer is highlighted (site image). */
  cards?: string[];
}

export interface CardPreview {
  kind: 'card';
  name: string;
  zh: string;
  /** 定位: the card's one-line positioning. */
  position: string;
  /** Chinese label of the card kind, e.g. 编排系统. */
  kindLabel?: string;
  /** Id of the card's layer. */
  layer: string;
  /** Every layer, bottom to top (the atlas order). */
  layers: StackLayer[];
}

export interface NotePreview {
  kind: 'note';
  title: string;
  description?: string;
  published: Date | string;
  tags?: string[];
  category?: string | null;
}

export interface PagePreview {
  kind: 'page';
  /** Large heading; the site name when omitted. */
  title?: string;
  /** Second line; the Chinese site name when the title is omitted. */
  subtitle?: string;
  description?: string;
  /** Draws the whole stack on the right (home page). */
  layers?: StackLayer[];
}

export type PreviewSpec = CardPreview | NotePreview | PagePreview;

/** A satori element: what JSX would have produced. */
export interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: Child | Child[] };
}
type Child = Node | string;

function el(style: Record<string, string | number>, children?: Child | Child[]): Node {
  return { type: 'div', props: { style: { display: 'flex', ...style }, children } };
}

/** A block of text cut to `lines` lines with an ellipsis. */
function text(value: string, style: Record<string, string | number>, lines: number): Node {
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
function fitSize(value: string, width: number, max: number, min: number, emPerLatin = 1): number {
  const em = displayWidth(value) * emPerLatin;
  return Math.max(min, Math.min(max, Math.floor(width / Math.max(em, 1))));
}

/** The site's logo: three bars, widest (kernel) at the bottom. */
function logo(size: number, onDark = false): Node {
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
      backgroundColor: onDark ? colors.bg : 'transparent',
    },
    [bar(0.44, colors.layer3), bar(0.62, colors.layer2), bar(0.75, colors.layer1)],
  );
}

function footer(section?: string): Node {
  return el(
    {
      height: FOOTER,
      flexShrink: 0,
      alignItems: 'center',
      justifyContent: 'space-between',
      padding: `0 ${PAD_X}px`,
      backgroundColor: colors.accent,
      color: colors.onAccent,
    },
    [
      el({ alignItems: 'center', gap: 20 }, [
        logo(54, true),
        el({ alignItems: 'baseline', fontSize: 32 }, [
          el({ fontWeight: 700 }, SITE_NAME),
          el({ fontWeight: 400, marginLeft: 12, color: colors.onAccentMuted }, `· ${SITE_NAME_ZH}`),
        ]),
      ]),
      el({ fontSize: 24, color: colors.onAccentMuted }, section ?? ''),
    ],
  );
}

function frame(main: Node, section?: string): Node {
  return el(
    {
      width: WIDTH,
      height: HEIGHT,
      flexDirection: 'column',
      backgroundColor: colors.bg,
      fontFamily: FONT_FAMILY,
      color: colors.fg,
    },
    [main, footer(section)],
  );
}

function pill(label: string, solid: boolean, fontSize = 24): Node {
  return el(
    {
      flexShrink: 0,
      alignItems: 'center',
      padding: `${Math.round(fontSize * 0.25)}px ${Math.round(fontSize * 0.7)}px`,
      borderRadius: 999,
      fontSize,
      fontWeight: 700,
      backgroundColor: solid ? colors.accent : colors.accentSoft,
      color: solid ? colors.onAccent : colors.accentStrong,
    },
    clean(label, 24),
  );
}

/** Tint of layer colour 2 into white, like the site's stack view (`--level` × 3%). */
function tint(level: number): string {
  const p = Math.min(0.5, level * 0.035);
  const mix = (channel: number) => Math.round(255 + (channel - 255) * p);
  const [r, g, b] = [0x14, 0xb8, 0xa6].map(mix);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The stack, top layer first as drawn (orchestration on top, kernel at the
 * bottom), runtime layers framed by their group, `highlight` filled in accent.
 * An aside layer (virtualization) is shown beneath, dashed, only when it is the
 * highlighted one.
 */
export function stackGraphic(layers: StackLayer[], highlight?: string, chip?: string): Node {
  const stack = layers.filter((l) => !l.aside);
  const aside = layers.find((l) => l.aside && l.id === highlight);
  const depth = stack.length;
  const top = [...stack].reverse();
  // With the aside layer drawn too, the boxes get lower: English names are left out.
  const compact = Boolean(aside);

  const box = (layer: StackLayer, level: number, dashed = false): Node => {
    const on = layer.id === highlight;
    return el(
      {
        flexGrow: 1,
        flexBasis: 0,
        minHeight: 0,
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 12,
        padding: '0 16px 0 18px',
        borderRadius: 12,
        border: on ? `2px solid ${colors.accent}` : `2px ${dashed ? 'dashed' : 'solid'} ${colors.border}`,
        backgroundColor: on ? colors.accent : dashed ? colors.bgSoft : tint(level),
        color: on ? colors.onAccent : colors.fg,
      },
      [
        el({ flexDirection: 'column', flexShrink: 0 }, [
          el({ fontSize: 24, fontWeight: 700, lineHeight: 1.2 }, clean(layer.name, 10)),
          ...(compact
            ? []
            : [
                el(
                  { fontSize: 15, lineHeight: 1.3, color: on ? colors.onAccentMuted : colors.fgMuted },
                  clean(layer.en, 24),
                ),
              ]),
        ]),
        ...(!highlight && layer.cards?.length
          ? [
              text(
                clean(layer.cards.join(' · '), 60),
                {
                  flexShrink: 1,
                  minWidth: 0,
                  fontSize: 16,
                  lineHeight: 1.3,
                  color: colors.accentStrong,
                  textAlign: 'right',
                },
                2,
              ),
            ]
          : []),
        ...(on && chip
          ? [
              text(
                clean(chip, 40),
                {
                  flexShrink: 1,
                  minWidth: 0,
                  padding: '4px 12px',
                  borderRadius: 8,
                  backgroundColor: colors.bg,
                  color: colors.accentStrong,
                  fontSize: 18,
                  fontWeight: 700,
                  lineHeight: 1.3,
                },
                1,
              ),
            ]
          : []),
      ],
    );
  };

  // Consecutive layers of one group (容器运行时) share a frame with the group's name.
  const rows: Node[] = [];
  for (let i = 0; i < top.length;) {
    const layer = top[i]!;
    if (!layer.group) {
      rows.push(box(layer, depth - i));
      i++;
      continue;
    }
    const members: Node[] = [];
    let j = i;
    while (j < top.length && top[j]!.group === layer.group) {
      members.push(box(top[j]!, depth - j));
      j++;
    }
    rows.push(
      el(
        {
          // The frame's label and padding come out of its share, so give it a little more.
          flexGrow: members.length + 0.5,
          flexBasis: 0,
          minHeight: 0,
          flexDirection: 'column',
          gap: 8,
          padding: '4px 8px 8px',
          borderRadius: 16,
          border: `2px dashed ${colors.layer2}`,
        },
        [
          el({ fontSize: 15, lineHeight: 1.25, color: colors.accentStrong, paddingLeft: 6 }, clean(layer.group, 12)),
          ...members,
        ],
      ),
    );
    i = j;
  }
  if (aside) {
    rows.push(
      el({ flexGrow: 1.6, flexBasis: 0, minHeight: 0, flexDirection: 'column', gap: 6, marginTop: 4 }, [
        el({ fontSize: 15, lineHeight: 1.25, color: colors.fgMuted }, '对照：不属于容器技术栈'),
        box(aside, 0, true),
      ]),
    );
  }

  return el({ flexDirection: 'column', width: 360, flexShrink: 0, gap: 10 }, [
    el({ fontSize: 18, color: colors.fgMuted }, highlight ? '在技术栈中的位置' : '容器技术栈'),
    el({ flexDirection: 'column', flexGrow: 1, minHeight: 0, gap: compact ? 8 : 10 }, rows),
  ]);
}

function cardTree(spec: CardPreview): Node {
  const layer = spec.layers.find((l) => l.id === spec.layer);
  const leftWidth = WIDTH - 2 * PAD_X - 360 - 48;
  const name = clean(spec.name, 60);
  // One line when it fits at ≥ 52px (bold Latin is ~0.57em wide), else two lines at 52px.
  const oneLine = fitSize(name, leftWidth, 88, 20, 1.04);
  const nameLines = oneLine >= 52 ? 1 : 2;
  const nameSize = nameLines === 1 ? oneLine : 52;
  const meta = [layer?.en, spec.kindLabel].filter(Boolean).join(' · ');
  return frame(
    el({ flexGrow: 1, minHeight: 0, padding: `${PAD_Y}px ${PAD_X}px ${PAD_Y - 8}px`, gap: 48 }, [
      el({ flexDirection: 'column', flexGrow: 1, flexBasis: 0, minWidth: 0 }, [
        el({ alignItems: 'center', gap: 16, marginBottom: 26 }, [
          ...(layer ? [pill(layer.name, true)] : []),
          ...(meta ? [text(meta, { fontSize: 22, color: colors.fgMuted }, 1)] : []),
        ]),
        text(name, { fontSize: nameSize, fontWeight: 700, lineHeight: 1.12, letterSpacing: -0.5 }, nameLines),
        text(clean(spec.zh, 40), { fontSize: 40, lineHeight: 1.35, color: colors.accentStrong, marginTop: 8 }, 1),
        el({ width: 72, height: 5, borderRadius: 3, backgroundColor: colors.layer2, margin: '22px 0 20px' }),
        text(clean(spec.position), { fontSize: 28, lineHeight: 1.55, color: colors.fgBody }, nameLines === 1 ? 3 : 2),
      ]),
      stackGraphic(spec.layers, spec.layer, name),
    ]),
    '技术卡片',
  );
}

function noteTree(spec: NotePreview): Node {
  const width = WIDTH - 2 * PAD_X;
  const title = clean(spec.title, 90);
  const w = displayWidth(title);
  const titleSize = w * 68 <= width ? 68 : w * 60 <= 2 * width ? 60 : 52;
  const titleLines = titleSize === 52 ? 3 : 2;
  const tags = (spec.tags ?? [])
    .map((t) => clean(t, 16))
    .filter(Boolean)
    .slice(0, 6);
  const description = clean(spec.description, 200);
  return frame(
    el({ flexGrow: 1, minHeight: 0, flexDirection: 'column', padding: `${PAD_Y}px ${PAD_X}px ${PAD_Y - 8}px` }, [
      el({ alignItems: 'center', gap: 18, marginBottom: 28 }, [
        pill(spec.category || '笔记', true),
        el({ fontSize: 24, color: colors.fgMuted }, formatDay(spec.published)),
      ]),
      text(title, { fontSize: titleSize, fontWeight: 700, lineHeight: 1.25 }, titleLines),
      ...(description
        ? [
            text(
              description,
              { fontSize: 30, lineHeight: 1.6, color: colors.fgBody, marginTop: 22 },
              titleLines === 3 ? 2 : 3,
            ),
          ]
        : []),
      el({ flexGrow: 1 }),
      el(
        { gap: 12, overflow: 'hidden', height: 44, flexShrink: 0 },
        tags.map((tag) =>
          el(
            {
              flexShrink: 0,
              alignItems: 'center',
              padding: '0 16px',
              borderRadius: 8,
              fontSize: 22,
              color: colors.accentStrong,
              backgroundColor: colors.bgSoft,
              border: `1.5px solid ${colors.border}`,
            },
            `#${tag}`,
          ),
        ),
      ),
    ]),
    '笔记',
  );
}

function pageTree(spec: PagePreview): Node {
  const home = !spec.title;
  const title = clean(spec.title ?? SITE_NAME, 60);
  const subtitle = clean(spec.subtitle ?? (home ? SITE_NAME_ZH : ''), 40);
  const withStack = Boolean(spec.layers?.length);
  const leftWidth = WIDTH - 2 * PAD_X - (withStack ? 360 + 48 : 0);
  const titleSize = fitSize(title, leftWidth, 92, 48, 1.1);
  return frame(
    el({ flexGrow: 1, minHeight: 0, padding: `${PAD_Y}px ${PAD_X}px ${PAD_Y - 8}px`, gap: 48 }, [
      el({ flexDirection: 'column', flexGrow: 1, flexBasis: 0, minWidth: 0, justifyContent: 'center' }, [
        logo(92),
        text(title, { fontSize: titleSize, fontWeight: 700, lineHeight: 1.15, marginTop: 20, letterSpacing: -1 }, 2),
        ...(subtitle
          ? [text(subtitle, { fontSize: 46, lineHeight: 1.35, color: colors.accentStrong, marginTop: 6 }, 1)]
          : []),
        el({ width: 72, height: 5, borderRadius: 3, backgroundColor: colors.layer2, margin: '24px 0 20px' }),
        ...(spec.description
          ? [text(clean(spec.description), { fontSize: 28, lineHeight: 1.6, color: colors.fgBody }, 3)]
          : []),
      ]),
      ...(withStack ? [stackGraphic(spec.layers!)] : []),
    ]),
  );
}

/** The element tree for a spec. */
export function previewTree(spec: PreviewSpec): Node {
  switch (spec.kind) {
    case 'card':
      return cardTree(spec);
    case 'note':
      return noteTree(spec);
    case 'page':
      return pageTree(spec);
  }
}
