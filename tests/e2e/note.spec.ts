import { test, expect } from './fixtures.ts';

test.describe('the seed note 容器技术背景', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('notes/container-background/');
  });

  test('renders with one h1 and all its headings', async ({ page }) => {
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('h1')).toHaveText('容器技术背景');
    // Heading text without the copy-link controls that follow it.
    const clean = await page.locator('.prose :is(h2, h3)').evaluateAll((hs) =>
      hs.map((h) => {
        const copy = h.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.heading-anchor, .heading-copy-md').forEach((e) => e.remove());
        return (copy.textContent ?? '').trim();
      }),
    );
    expect(clean).toEqual([
      '1. 容器解决的问题是什么？',
      '2. 容器技术如何解决上述问题？',
      '3. LXC、containerd、Docker 和 Kubernetes（k8s）的关系',
      '1. LXC（Linux Containers）',
      '2. containerd',
      '3. Docker',
      '4. Kubernetes（k8s）',
      '技术栈层次',
    ]);
  });

  test('headings keep Chinese ids and have a copy-link anchor', async ({ page }) => {
    const heading = page.locator('h2', { hasText: '容器解决的问题是什么' });
    await expect(heading).toHaveAttribute('id', '1-容器解决的问题是什么');
    await expect(heading.locator('a.heading-anchor')).toHaveAttribute('href', '#1-容器解决的问题是什么');
  });

  for (const n of [1, 2, 3]) {
    test(`the 问题${n} link jumps to #jp${n}`, async ({ page }) => {
      await page.getByRole('link', { name: `问题${n}`, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`#jp${n}$`));
      const target = page.locator(`#jp${n}`);
      await expect(target).toHaveCount(1);
      await expect(target).toBeInViewport();
    });
  }

  test('the tab-indented bullets under item 3 are a list nested in that item', async ({ page }) => {
    const item3 = page.locator('.prose h2 + ol > li').filter({ hasText: '针对问题3' });
    await expect(item3).toHaveCount(1);
    const nested = item3.locator(':scope > ul > li');
    await expect(nested).toHaveCount(3);
    await expect(nested.first()).toContainText('镜像过大');
    await expect(item3.locator(':scope > ol > li')).toHaveCount(3);
  });

  test('CJK emphasis around <u> between Chinese punctuation comes out bold', async ({ page }) => {
    await expect(page.locator('.prose strong', { hasText: '冗余执行直接导致了资源的消耗' })).toHaveCount(1);
    await expect(page.locator('.prose strong', { hasText: '从根本上避免了' })).toHaveCount(1);
    await expect(page.locator('.prose').getByText('**')).toHaveCount(0);
  });

  test('shows dates, tags, category and reading time', async ({ page }) => {
    await expect(page.locator('time[datetime="2025-04-19"]')).toHaveCount(1);
    await expect(page.getByRole('link', { name: '#k8s' })).toHaveAttribute('href', /tags\/k8s\/$/);
    await expect(page.locator('.note-category')).toHaveText('笔记');
    await expect(page.locator('.meta-row')).toContainText('分钟');
  });

  test('has no formula, so it loads none of KaTeX’s styles or font faces', async ({ page }) => {
    const katexFaces = await page.evaluate(
      () =>
        [...document.styleSheets].flatMap((sheet) =>
          [...sheet.cssRules].filter((rule) => rule instanceof CSSFontFaceRule && rule.cssText.includes('KaTeX_')),
        ).length,
    );
    expect(katexFaces).toBe(0);
  });

  test('has a table of contents whose links lead to the headings', async ({ page }) => {
    const toc = page.locator('nav.toc');
    await expect(toc.getByRole('link')).toHaveCount(8);
    await toc.getByRole('link', { name: '2. containerd' }).click();
    await expect(page).toHaveURL(/#2-containerd$/);
  });
});

test.describe('authoring features (笔记写作指南)', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('notes/authoring-guide/');
  });

  test('admonitions and GitHub alerts render as titled asides', async ({ page }) => {
    await expect(page.locator('aside.admonition')).toHaveCount(4);
    await expect(page.locator('.admonition-tip')).toContainText('自定义标题');
    await expect(page.locator('.admonition-important')).toContainText('GitHub 风格的提示');
  });

  test('math is rendered at build time by KaTeX', async ({ page }) => {
    await expect(page.locator('.katex').first()).toBeVisible();
    await expect(page.locator('.katex-display')).toHaveCount(1);
    await expect(page.locator('math').first()).toHaveCount(1);
    // KaTeX's stylesheet is there: the MathML copy is for assistive technology only.
    await expect(page.locator('.katex-mathml').first()).toHaveCSS('position', 'absolute');
  });

  test('code blocks have a title, marked lines and a copy button', async ({ page }) => {
    const block = page.locator('.expressive-code').first();
    await expect(block.locator('.title')).toHaveText('unshare.sh');
    await expect(block.locator('.ec-line.mark')).toHaveCount(1);
    await expect(block.locator('button[data-code]')).toHaveCount(1);
    await expect(page.locator('.expressive-code .ec-line.ins')).toHaveCount(1);
    await expect(page.locator('.expressive-code .ec-line.del')).toHaveCount(1);
  });

  test('wiki links resolve to cards', async ({ page }) => {
    await expect(page.locator('.prose a[href$="cards/containerd/"]').first()).toBeVisible();
    await expect(page.locator('.prose a[href$="cards/runc/#relations"]')).toHaveCount(1);
  });

  test('spoiler, footnote, task list and github card render', async ({ page }) => {
    await expect(page.locator('.spoiler')).toHaveCount(1);
    await expect(page.locator('.footnotes')).toHaveCount(1);
    await expect(page.locator('input[type="checkbox"]')).toHaveCount(2);
    await expect(page.locator('a.github-card')).toHaveAttribute('href', 'https://github.com/opencontainers/runc');
  });
});
