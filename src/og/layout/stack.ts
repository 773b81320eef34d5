/** The stack graphic of the card and site previews. */
import { t } from '../../i18n/index.ts';
import { el, text, type Node } from '../primitives.ts';
import { clean } from '../text.ts';
import { colors, tintOf } from '../theme.ts';
import type { StackLayer } from '../types.ts';

/** Tint of layer colour 2 into white, like the site's stack view (`--level` × 3%). */
function tint(level: number): string {
  return tintOf(colors().layer2, Math.min(0.5, level * 0.035));
}

/**
 * The stack, top layer first as drawn (orchestration on top, kernel at the
 * bottom), runtime layers framed by their group, `highlight` filled in accent.
 * An aside layer (virtualization) is shown beneath, dashed, only when it is the
 * highlighted one.
 */
export function stackGraphic(layers: StackLayer[], highlight?: string, chip?: string): Node {
  const c = colors();
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
        border: on ? `2px solid ${c.accent}` : `2px ${dashed ? 'dashed' : 'solid'} ${c.border}`,
        backgroundColor: on ? c.accent : dashed ? c.bgSoft : tint(level),
        color: on ? c.onAccent : c.fg,
      },
      [
        el({ flexDirection: 'column', flexShrink: 0 }, [
          el({ fontSize: 24, fontWeight: 700, lineHeight: 1.2 }, clean(layer.name, 10)),
          ...(compact || layer.en === layer.name
            ? []
            : [el({ fontSize: 15, lineHeight: 1.3, color: on ? c.onAccentMuted : c.fgMuted }, clean(layer.en, 24))]),
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
                  color: c.accentStrong,
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
                  backgroundColor: c.bg,
                  color: c.accentStrong,
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
          border: `2px dashed ${c.layer2}`,
        },
        [
          el({ fontSize: 15, lineHeight: 1.25, color: c.accentStrong, paddingLeft: 6 }, clean(layer.group, 12)),
          ...members,
        ],
      ),
    );
    i = j;
  }
  if (aside) {
    rows.push(
      el({ flexGrow: 1.6, flexBasis: 0, minHeight: 0, flexDirection: 'column', gap: 6, marginTop: 4 }, [
        el({ fontSize: 15, lineHeight: 1.25, color: c.fgMuted }, t('og.asideNote')),
        box(aside, 0, true),
      ]),
    );
  }

  return el({ flexDirection: 'column', width: 360, flexShrink: 0, gap: 10 }, [
    el({ fontSize: 18, color: c.fgMuted }, highlight ? t('og.cardPosition') : t('og.stack')),
    el({ flexDirection: 'column', flexGrow: 1, minHeight: 0, gap: compact ? 8 : 10 }, rows),
  ]);
}
