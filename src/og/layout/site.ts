import { siteSettings } from '../../config.ts';
import { el, fitSize, frame, logo, text, type Node } from '../primitives.ts';
import { clean } from '../text.ts';
import { colors, PAD_X, PAD_Y, WIDTH } from '../theme.ts';
import type { PagePreview } from '../types.ts';
import { stackGraphic } from './stack.ts';

/** The site-wide preview (home page and pages without an image of their own). */
export function pageTree(spec: PagePreview): Node {
  const c = colors();
  const home = !spec.title;
  const title = clean(spec.title ?? siteSettings.name, 60);
  const subtitle = clean(spec.subtitle ?? (home ? (siteSettings.tagline ?? '') : ''), 40);
  const withStack = Boolean(spec.layers?.length);
  const leftWidth = WIDTH - 2 * PAD_X - (withStack ? 360 + 48 : 0);
  const titleSize = fitSize(title, leftWidth, 92, 48, 1.1);
  return frame(
    el({ flexGrow: 1, minHeight: 0, padding: `${PAD_Y}px ${PAD_X}px ${PAD_Y - 8}px`, gap: 48 }, [
      el({ flexDirection: 'column', flexGrow: 1, flexBasis: 0, minWidth: 0, justifyContent: 'center' }, [
        logo(92),
        text(title, { fontSize: titleSize, fontWeight: 700, lineHeight: 1.15, marginTop: 20, letterSpacing: -1 }, 2),
        ...(subtitle
          ? [text(subtitle, { fontSize: 46, lineHeight: 1.35, color: c.accentStrong, marginTop: 6 }, 1)]
          : []),
        el({ width: 72, height: 5, borderRadius: 3, backgroundColor: c.layer2, margin: '24px 0 20px' }),
        ...(spec.description
          ? [text(clean(spec.description), { fontSize: 28, lineHeight: 1.6, color: c.fgBody }, 3)]
          : []),
      ]),
      ...(withStack ? [stackGraphic(spec.layers!)] : []),
    ]),
    spec.label,
  );
}
