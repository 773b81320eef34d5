/** Buttons with `data-copy` copy that text; they stay hidden when JavaScript is off. */
import { ui } from './ui-strings.ts';

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
        button.textContent = `${ui('copied')} ✓`;
        if (region) region.textContent = `${ui('copied')}：${label}`;
      } catch {
        if (region) region.textContent = ui('copyFailed');
      }
      setTimeout(() => (button.textContent = label), 2000);
    });
  }
}
