/** The table of contents (components/Toc.astro): scroll-spy, and open beside the text on wide screens. */
export function enhanceToc(): void {
  // Scroll-spy: mark the link of the section currently at the top of the viewport.
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]')];
  const targets = links
    .map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1))))
    .filter((el): el is HTMLElement => el !== null);
  if (targets.length) {
    const setCurrent = () => {
      const offset = 120;
      let current = targets[0]!;
      for (const target of targets) if (target.getBoundingClientRect().top - offset <= 0) current = target;
      for (const link of links) {
        const active = decodeURIComponent(link.hash.slice(1)) === current.id;
        if (active) link.setAttribute('aria-current', 'true');
        else link.removeAttribute('aria-current');
      }
    };
    let queued = false;
    addEventListener(
      'scroll',
      () => {
        if (queued) return;
        queued = true;
        requestAnimationFrame(() => {
          queued = false;
          setCurrent();
        });
      },
      { passive: true },
    );
    setCurrent();
  }
  // The ToC is collapsed in the HTML, so on narrow screens the article comes first without
  // anything moving once this script runs (it used to collapse it here: a layout shift of
  // 0.15 on phones); in the wide layout's side column, where opening it moves nothing, it opens.
  if (matchMedia('(min-width: 1100px)').matches) {
    for (const details of document.querySelectorAll<HTMLDetailsElement>('.toc details')) details.open = true;
  }
}
