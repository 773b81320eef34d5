/**
 * The 「注」 markers in a note (where a card corrects the note) say what they mean on
 * touch screens too: a tap opens the remark right under the sentence, with a link to the
 * card; a second tap or Escape closes it. Without JS the marker stays a plain link to the
 * remark on the card, and the remark is also its accessible name.
 */
import { ui } from './ui-strings.ts';

export function enhanceNoteSlips(root: ParentNode = document): void {
  root.querySelectorAll<HTMLAnchorElement>('a.note-slip').forEach((marker, index) => {
    const remark = marker.title;
    if (!remark || marker.dataset.enhanced) return;
    marker.dataset.enhanced = '';
    const pop = document.createElement('span');
    pop.className = 'note-slip-pop';
    pop.id = `note-slip-${index + 1}`;
    pop.setAttribute('role', 'note');
    pop.hidden = true;
    const text = document.createElement('span');
    text.textContent = remark;
    const more = document.createElement('a');
    more.href = marker.href;
    more.textContent = ui('slipMore');
    pop.append(text, ' ', more);
    marker.after(pop);
    marker.setAttribute('role', 'button');
    marker.setAttribute('aria-expanded', 'false');
    marker.setAttribute('aria-controls', pop.id);
    const toggle = (open = pop.hidden) => {
      pop.hidden = !open;
      marker.setAttribute('aria-expanded', String(open));
    };
    marker.addEventListener('click', (event) => {
      event.preventDefault();
      toggle();
    });
    marker.addEventListener('keydown', (event) => {
      if (event.key === ' ') {
        event.preventDefault();
        toggle();
      } else if (event.key === 'Escape' && !pop.hidden) {
        toggle(false);
      }
    });
  });
}
