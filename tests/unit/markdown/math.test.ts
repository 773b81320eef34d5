import remarkMath from 'remark-math';
import { describe, expect, it, vi } from 'vitest';
import { rehypeMath, type MathOptions } from '../../../src/markdown/math.ts';
import { render } from './render.ts';

const md = (markdown: string, options: MathOptions = {}) =>
  render(markdown, { remark: [remarkMath], rehype: [[rehypeMath, options]], path: 'content/notes/math.md' });

describe('math', () => {
  it('renders inline and display math as HTML + MathML with the project KaTeX', async () => {
    const html = await md('比例 $x^2$\n\n$$\n\\sum_{i=1}^n i\n$$');
    expect(html).toContain(
      '<span class="katex"><span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML">',
    );
    expect(html).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
    expect(html).toContain('<span class="katex-display">');
    // KaTeX 0.19 class names: these match katex/dist/katex.css shipped with our katex.
    expect(html).toContain('class="katex-base"');
  });

  it('renders a bad formula in red and reports file, line and formula', async () => {
    const messages: string[] = [];
    const html = await md('正文\n\n公式 $\\frac{$ 结束', { onProblem: (m) => messages.push(m) });
    expect(html).toContain('class="katex-error"');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^content\/notes\/math\.md:3:4: KaTeX: KaTeX parse error: .* — in \$\\frac\{\$$/);
  });

  it('warns on stderr by default and reports strict-mode problems too', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await md('$容器$');
      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /^\[markdown\] content\/notes\/math\.md:1:1: KaTeX: .*"容".*unicodeTextInMathMode.*; .*"器".*— in \$容器\$$/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('can fail the build instead', async () => {
    await expect(md('$\\frac{$', { onProblem: 'throw' })).rejects.toThrow(
      'content/notes/math.md:1:1: KaTeX: KaTeX parse error',
    );
  });
});
