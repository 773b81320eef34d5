import { describe, expect, it } from 'vitest';
import { siteConfigFromEnv } from '../../src/config.ts';

describe('siteConfigFromEnv', () => {
  it('names the variable that is wrong', () => {
    expect(() => siteConfigFromEnv({ BASE_PATH: '../x' })).toThrow(/^BASE_PATH: "\.\.\/x" is not a plain path/);
    expect(() => siteConfigFromEnv({ BASE_PATH: '/a"b/' })).toThrow(/^BASE_PATH: /);
    expect(() => siteConfigFromEnv({ SITE_URL: 'notaurl' })).toThrow(/^SITE_URL: "notaurl" is not a URL/);
    expect(() => siteConfigFromEnv({ SITE_URL: 'file:///etc' })).toThrow(/^SITE_URL: .* must start with https:\/\//);
    expect(() => siteConfigFromEnv({ STACK_ATLAS_BROKEN_LINKS: 'maybe' })).toThrow(/^STACK_ATLAS_BROKEN_LINKS: /);
  });

  it('accepts the usual forms', () => {
    const config = siteConfigFromEnv({ SITE_URL: 'https://docs.example.com', BASE_PATH: 'stack-atlas' });
    expect(config.base).toBe('/stack-atlas/');
    expect(config.site).toBe('https://docs.example.com');
    expect(siteConfigFromEnv({}).base).toBe('/');
  });
});
