/**
 * Size and colours of the link-preview images. Colours are the site's own light
 * tokens (src/styles/global.css), so a preview looks like the page it stands for.
 */
import { tokens } from '../styles/tokens.ts';

export const WIDTH = 1200;
export const HEIGHT = 630;
export const FOOTER = 92;
export const PAD_X = 64;
export const PAD_Y = 52;

function palette() {
  const light = tokens().light;
  const token = (name: string) => {
    const value = light[name];
    if (!value) throw new Error(`og: colour token --${name} is missing from src/styles/global.css`);
    return value;
  };
  return {
    bg: token('bg'),
    bgSoft: token('bg-soft'),
    fg: token('fg'),
    fgBody: token('fg'),
    fgMuted: token('fg-muted'),
    border: token('border'),
    accent: token('accent'),
    accentStrong: token('accent-strong'),
    accentSoft: token('accent-soft'),
    layer1: token('layer-1'),
    layer2: token('layer-2'),
    layer3: token('layer-3'),
    onAccent: token('bg'),
    onAccentMuted: token('accent-soft'),
  };
}

let cached: ReturnType<typeof palette> | undefined;

/** The preview palette, read from the site tokens once. */
export function colors(): ReturnType<typeof palette> {
  cached ??= palette();
  return cached;
}

/** A hex colour mixed into white by `amount` (0..1), like the site's tinted stack view. */
export function tintOf(hex: string, amount: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const mix = (channel: number) => Math.round(255 + (channel - 255) * amount);
  return `rgb(${mix(r!)}, ${mix(g!)}, ${mix(b!)})`;
}
