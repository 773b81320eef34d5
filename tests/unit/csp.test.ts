import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPolicy, cspHash, headersFile, inlineScripts } from '../../src/model/csp.ts';

describe('CSP helpers', () => {
  it('collects inline scripts but not external or JSON ones', () => {
    const html =
      '<script>a()</script><script src="/x.js"></script><script type="application/ld+json">{}</script><script type="module">b()</script>';
    expect(inlineScripts(html)).toEqual(['a()', 'b()']);
  });

  it('hashes like the browser does', () => {
    expect(cspHash('a()')).toBe(`'sha256-${createHash('sha256').update('a()').digest('base64')}'`);
  });

  it('never allows inline scripts wholesale and keeps everything same-origin', () => {
    const policy = buildPolicy([cspHash('a()')]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toMatch(/https?:/);
    expect(headersFile('/stack-atlas/', policy)).toMatch(/^\/stack-atlas\/\*\n {2}Content-Security-Policy: /);
  });
});
