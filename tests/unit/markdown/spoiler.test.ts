import remarkDirective from 'remark-directive';
import { describe, expect, it } from 'vitest';
import { remarkLiteralDirectives } from '../../../src/markdown/directives.ts';
import { remarkSpoiler } from '../../../src/markdown/spoiler.ts';
import { t } from '../../../src/i18n/index.ts';

const spoilerHint = t('spoiler.hint');
import { render } from './render.ts';

const md = (markdown: string) =>
  render(markdown, { remark: [remarkDirective, remarkSpoiler, remarkLiteralDirectives] });

describe('spoiler', () => {
  it('renders a focusable span with the text still in the DOM', async () => {
    const html = await md('答案是 :spoiler[runc] 。');
    expect(html).toBe(`<p>答案是 <span class="spoiler" tabindex="0" title="${spoilerHint}">runc</span> 。</p>`);
  });

  it('keeps inline markdown inside the spoiler', async () => {
    expect(await md(':spoiler[**pivot_root** 而非 `chroot`]')).toContain(
      '<span class="spoiler" tabindex="0" title="' +
        spoilerHint +
        '"><strong>pivot_root</strong> 而非 <code>chroot</code></span>',
    );
  });

  it('leaves a label-less :spoiler as text', async () => {
    expect(await md('a :spoiler b')).toBe('<p>a :spoiler b</p>');
  });
});
