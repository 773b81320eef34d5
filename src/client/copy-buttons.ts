/** Buttons with `data-copy` copy that text; they stay hidden when JavaScript is off. */
import { t } from '../i18n/index.ts';

export function enhanceCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    if (button.dataset.enhanced) continue;
    button.dataset.enhanced = '1';
    button.hidden = false;
    const label = button.textContent ?? '';
    button.addEventListener('click', async () => {
      const region = document.getElementById('announcer');
      try {
        await navigator.clipboard.writeText(button.dataset.copy ?? '');
        button.textContent = `${t('diagram.copied')} ✓`;
        if (region) region.textContent = `${t('diagram.copied')}：${label}`;
      } catch {
        if (region) region.textContent = t('copy.failed');
      }
      setTimeout(() => (button.textContent = label), 2000);
    });
  }
}

/** Scrolls wide diagrams so their highlighted card (`.node.focus`) is in view. */
export function centreFocusedNodes(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>('.diagram-svg')) {
    if (box.scrollWidth <= box.clientWidth) continue;
    const node = [...box.querySelectorAll<SVGGElement>('.node.focus')].find((n) => n.getBoundingClientRect().width > 0);
    if (!node) continue;
    const nodeBox = node.getBoundingClientRect();
    const boxRect = box.getBoundingClientRect();
    box.scrollLeft += nodeBox.left + nodeBox.width / 2 - (boxRect.left + boxRect.width / 2);
  }
}
