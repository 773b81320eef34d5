import { formatDate, t } from '../../i18n/index.ts';
import { el, frame, pill, text, type Node } from '../primitives.ts';
import { clean, displayWidth } from '../text.ts';
import { colors, PAD_X, PAD_Y, WIDTH } from '../theme.ts';
import type { NotePreview } from '../types.ts';

/** The preview of a note: category, date, title, description and tags. */
export function noteTree(spec: NotePreview): Node {
  const c = colors();
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
        pill(spec.category || t('og.noteLabel'), true),
        el(
          { fontSize: 24, color: c.fgMuted },
          formatDate(typeof spec.published === 'string' ? new Date(spec.published) : spec.published),
        ),
      ]),
      text(title, { fontSize: titleSize, fontWeight: 700, lineHeight: 1.25 }, titleLines),
      ...(description
        ? [
            text(
              description,
              { fontSize: 30, lineHeight: 1.6, color: c.fgBody, marginTop: 22 },
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
              color: c.accentStrong,
              backgroundColor: c.bgSoft,
              border: `1.5px solid ${c.border}`,
            },
            `#${tag}`,
          ),
        ),
      ),
    ]),
    t('og.noteLabel'),
  );
}
