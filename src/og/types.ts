/** What a link-preview image shows: plain data made from the content model (see specs.ts). */

/** A layer of the stack as the graphic needs it. */
export interface StackLayer {
  id: string;
  name: string;
  en: string;
  group?: string;
  aside?: boolean;
  /** Names of the layer's cards, listed in the box when no layer is highlighted (site image). */
  cards?: string[];
}

export interface CardPreview {
  kind: 'card';
  name: string;
  zh: string;
  /** 定位: the card's one-line positioning. */
  position: string;
  /** Chinese label of the card kind, e.g. 编排系统. */
  kindLabel?: string;
  /** Id of the card's layer. */
  layer: string;
  /** Every layer, bottom to top (the atlas order). */
  layers: StackLayer[];
}

export interface NotePreview {
  kind: 'note';
  title: string;
  description?: string;
  published: Date | string;
  tags?: string[];
  category?: string | null;
}

export interface PagePreview {
  kind: 'page';
  /** What kind of page, in the footer (技术对比, 可运行示例); none on the site image. */
  label?: string;
  /** Large heading; the site name when omitted. */
  title?: string;
  /** Second line; the Chinese site name when the title is omitted. */
  subtitle?: string;
  description?: string;
  /** Draws the whole stack on the right (home page). */
  layers?: StackLayer[];
}

export type PreviewSpec = CardPreview | NotePreview | PagePreview;
