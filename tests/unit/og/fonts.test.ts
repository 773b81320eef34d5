import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFontFiles, readFontFile } from '../../../src/og/fonts.ts';

const root = mkdtempSync(path.join(tmpdir(), 'og-fonts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findFontFiles', () => {
  it('takes the font from STACK_ATLAS_OG_FONT first', () => {
    expect(findFontFiles({ STACK_ATLAS_OG_FONT: '/x/a.otf', STACK_ATLAS_OG_FONT_BOLD: '/x/b.otf' }, root, [])).toEqual({
      regular: '/x/a.otf',
      bold: '/x/b.otf',
      face: undefined,
    });
  });

  it('finds the static TTFs of @expo-google-fonts/noto-sans-sc', () => {
    const dir = path.join(root, 'node_modules/@expo-google-fonts/noto-sans-sc');
    mkdirSync(path.join(dir, '400Regular'), { recursive: true });
    mkdirSync(path.join(dir, '700Bold'), { recursive: true });
    writeFileSync(path.join(dir, '400Regular/NotoSansSC_400Regular.ttf'), '');
    writeFileSync(path.join(dir, '700Bold/NotoSansSC_700Bold.ttf'), '');
    expect(findFontFiles({}, root, [])).toEqual({
      regular: path.join(dir, '400Regular/NotoSansSC_400Regular.ttf'),
      bold: path.join(dir, '700Bold/NotoSansSC_700Bold.ttf'),
    });
  });

  it('falls back to fonts-noto-cjk collections', () => {
    const sys = path.join(root, 'system');
    mkdirSync(sys);
    writeFileSync(path.join(sys, 'NotoSansCJK-Regular.ttc'), '');
    expect(findFontFiles({}, path.join(root, 'elsewhere'), [path.join(root, 'none'), sys])).toEqual({
      regular: path.join(sys, 'NotoSansCJK-Regular.ttc'),
      bold: undefined,
      face: undefined,
    });
  });

  it('says how to get a font when there is none', () => {
    expect(() => findFontFiles({}, path.join(root, 'elsewhere'), [])).toThrow(
      /fonts-noto-cjk.*@expo-google-fonts\/noto-sans-sc.*STACK_ATLAS_OG_FONT/s,
    );
  });
});

describe('readFontFile', () => {
  it('passes a plain font file through unchanged', () => {
    const file = path.join(root, 'plain.otf');
    writeFileSync(file, Buffer.from('OTTO-not-really-a-font'));
    expect(readFontFile(file).toString()).toBe('OTTO-not-really-a-font');
  });
});
