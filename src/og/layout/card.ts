import { t } from '../../i18n/index.ts';
import { el, fitSize, frame, pill, text, type Node } from '../primitives.ts';
import { clean } from '../text.ts';
import { colors, PAD_X, PAD_Y, WIDTH } from '../theme.ts';
import type { CardPreview } from '../types.ts';
import { stackGraphic } from './stack.ts';

/** The preview of a technology card: name, positioning, and where it sits in the stack. */
export function cardTree(spec: CardPreview): Node {
  const c = colors();
  const layer = spec.layers.find((l) => l.id === spec.layer);
  const leftWidth = WIDTH - 2 * PAD_X - 360 - 48;
  const name = clean(spec.name, 60);
  // One line when it fits at ≥ 52px (bold Latin is ~0.57em wide), else two lines at 52px.
  const oneLine = fitSize(name, leftWidth, 88, 20, 1.04);
  const nameLines = oneLine >= 52 ? 1 : 2;
  const nameSize = nameLines === 1 ? oneLine : 52;
  // the layer's second name only when it has one (an English site names its layers once)
  const meta = [layer?.en !== layer?.name ? layer?.en : undefined, spec.kindLabel].filter(Boolean).join(' · ');
  return frame(
    el({ flexGrow: 1, minHeight: 0, padding: `${PAD_Y}px ${PAD_X}px ${PAD_Y - 8}px`, gap: 48 }, [
      el({ flexDirection: 'column', flexGrow: 1, flexBasis: 0, minWidth: 0 }, [
        el({ alignItems: 'center', gap: 16, marginBottom: 26 }, [
          ...(layer ? [pill(layer.name, true)] : []),
          ...(meta ? [text(meta, { fontSize: 22, color: c.fgMuted }, 1)] : []),
        ]),
        text(name, { fontSize: nameSize, fontWeight: 700, lineHeight: 1.12, letterSpacing: -0.5 }, nameLines),
        ...(spec.zh && spec.zh !== spec.name
          ? [text(clean(spec.zh, 40), { fontSize: 40, lineHeight: 1.35, color: c.accentStrong, marginTop: 8 }, 1)]
          : []),
        el({ width: 72, height: 5, borderRadius: 3, backgroundColor: c.layer2, margin: '22px 0 20px' }),
        text(clean(spec.position), { fontSize: 28, lineHeight: 1.55, color: c.fgBody }, nameLines === 1 ? 3 : 2),
      ]),
      stackGraphic(spec.layers, spec.layer, name),
    ]),
    t('og.cardLabel'),
  );
}
