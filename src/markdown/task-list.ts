/**
 * GFM task-list checkboxes are disabled inputs without a label, which screen
 * readers announce as "checkbox, unlabelled"; give each one a state label.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { taskListLabels } from './strings.ts';

/** Rehype plugin labelling task-list checkboxes 已完成 / 未完成. */
export function rehypeTaskListLabels() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'input' || node.properties.type !== 'checkbox') return;
      node.properties.ariaLabel = node.properties.checked ? taskListLabels.done : taskListLabels.open;
    });
  };
}
