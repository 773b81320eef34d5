import { describe, expect, it } from 'vitest';
import { brokenPromises, formatContract, parseContract, publicUrls } from '../../src/model/url-contract.ts';

describe('URL contract', () => {
  it('lists pages as directories and keeps public files, dropping build internals', () => {
    expect(
      publicUrls([
        'index.html',
        'cards/runc/index.html',
        'api/cards.json',
        '_astro/x.css',
        'pagefind/pagefind.js',
        'sw.js',
        'diagrams/stack.svg',
      ]),
    ).toEqual(['', 'api/cards.json', 'cards/runc/', 'diagrams/stack.svg']);
  });

  it('round-trips through urls.txt', () => {
    const urls = ['', 'cards/runc/', 'rss.xml'];
    expect(parseContract(formatContract(urls))).toEqual(urls);
  });

  it('reports promised URLs that are neither served nor redirected', () => {
    const contract = ['', 'cards/unionfs/', 'cards/runc/', 'cards/gone/'];
    expect(brokenPromises(contract, ['', 'cards/runc/'], { 'cards/unionfs/': 'cards/overlayfs/' })).toEqual([
      'cards/gone/',
    ]);
  });
});
