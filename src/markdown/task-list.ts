/**
 * GFM task-list checkboxes are disabled inputs without a label, which screen
 * readers announce as "checkbox, unlabelled"; give each one a state label.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { t } from '../i18n/index.ts';
import type { Plugin } from 'unified';

/** Rehype plugin labelling task-list checkboxes 已完成 / 未完成. */
export const rehypeTaskListLabels: Plugin<[], Root> = function () {
  return (tree) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'input' || node.properties.type !== 'checkbox') return;
      node.properties.ariaLabel = t(node.properties.checked ? 'taskList.done' : 'taskList.open');
    });
  };
};
