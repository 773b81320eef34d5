import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { themeInitScript } from '../../src/client/theme-init.ts';
import {
  buildPolicy,
  cspHash,
  headersFile,
  machinePolicy,
  policyFor,
  SITE_INLINE_SCRIPTS,
  sitePolicy,
} from '../../src/model/csp.ts';
import { parsePage, type Site } from '../../src/integrations/link-graph.ts';
import { cspProblems } from '../../src/integrations/security-headers.ts';

const page = (body: string, policy = sitePolicy) =>
  `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body>${body}</body></html>`;

function siteOf(html: string): Site {
  return { base: '/', pages: new Map([['/x/', parsePage(html, 'x/index.html')]]), files: new Set(), linkCount: 0 };
}

describe('Content-Security-Policy', () => {
  it('hashes like the browser does', () => {
    expect(cspHash('a()')).toBe(`'sha256-${createHash('sha256').update('a()').digest('base64')}'`);
  });

  it('is computed from the site’s own inline scripts, not from the output', () => {
    expect(SITE_INLINE_SCRIPTS).toEqual([themeInitScript]);
    expect(sitePolicy).toContain(cspHash(themeInitScript));
    expect(sitePolicy.match(/'sha256-/g)).toHaveLength(1);
  });

  it('never allows inline scripts wholesale, blocks inline handlers, keeps scripts same-origin', () => {
    const policy = buildPolicy([cspHash('a()')]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src-attr 'none'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toMatch(/script-src[^;]*https?:/);
    // Directives a <meta> policy ignores (and warns about) are not used.
    expect(policy).not.toMatch(/frame-ancestors|report-uri|sandbox/);
    expect(headersFile('/stack-atlas/', policy)).toMatch(/^\/stack-atlas\/\*\n {2}Content-Security-Policy: /);
  });

  it('lets frames come only from the site and the exact video player origins', () => {
    const frames = /(?:^|; )frame-src ([^;]+)/.exec(sitePolicy)?.[1]?.split(' ');
    expect(frames).toEqual([
      "'self'",
      'https://www.youtube-nocookie.com',
      'https://player.bilibili.com',
      'https://player.vimeo.com',
    ]);
    // no other directive that could widen frames (child-src is frame-src's fallback)
    expect(sitePolicy).not.toMatch(/child-src/);
    expect(headersFile('/', sitePolicy)).toContain(`frame-src ${frames!.join(' ')};`);
  });

  it('accepts a page with the meta tag and only the known inline script', () => {
    expect(cspProblems(siteOf(page(`<script>${themeInitScript}</script><script src="/a.js"></script>`)))).toEqual([]);
  });

  it('names pages without the meta tag, with an unknown inline script or an inline handler', () => {
    expect(cspProblems(siteOf('<html><body></body></html>'))).toEqual([
      'x/index.html: no <meta http-equiv="Content-Security-Policy">',
    ]);
    const [problem] = cspProblems(siteOf(page('<script>alert(1)</script>')));
    expect(problem).toMatch(
      /^x\/index\.html: inline <script> that is not one of the site's own \('sha256-.+'\): alert\(1\)$/,
    );
    expect(cspProblems(siteOf(page('<img src="a.png" onerror="alert(1)">')))).toEqual([
      'x/index.html: <img onerror>: inline event handler',
    ]);
  });

  it('reads attributes as a browser does, so quotes in a value cannot hide a handler', () => {
    // a label that broke out of aria-label with "' (as chain labels once did)
    const broken = page(`<svg><a aria-label="x"' onmouseover='alert(1)' href="/cards/runc/"><text>x</text></a></svg>`);
    expect(cspProblems(siteOf(broken))).toEqual(['x/index.html: <a onmouseover>: inline event handler']);
  });

  it('refuses srcdoc documents, SMIL that animates a link, javascript: and data: links and foreignObject in SVG', () => {
    const problems = (body: string) => cspProblems(siteOf(page(body)));
    expect(problems('<iframe srcdoc="<script>alert(1)</script>"></iframe>')).toEqual([
      expect.stringMatching(/^x\/index\.html: <iframe srcdoc>: an inline document/),
    ]);
    expect(
      problems('<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>'),
    ).toEqual([expect.stringMatching(/<animate attributeName="href">: animates a link target$/)]);
    expect(problems('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>')).toEqual([
      expect.stringMatching(/<a xlink:href="javascript:alert\(1\)">: only relative paths/),
    ]);
    expect(problems('<a href="data:text/html,<script>alert(1)</script>">x</a>')).toHaveLength(1);
    expect(problems('<svg><foreignObject><div>x</div></foreignObject></svg>')).toEqual([
      'x/index.html: <foreignObject>: HTML inside an SVG diagram',
    ]);
    // what the site itself writes stays allowed
    expect(
      problems(
        '<a href="/cards/runc/">runc</a><img src="data:image/png;base64,AAAA" alt=""><a href="mailto:a@b.c">m</a>',
      ),
    ).toEqual([]);
  });

  it('does not mistake <script> text inside attribute values or JSON blocks for scripts', () => {
    const html = page(
      `<meta name="description" content="<script>alert(1)</script>"><script type="application/ld+json">{}</script>`,
    );
    expect(cspProblems(siteOf(html))).toEqual([]);
  });
});

describe('the live machine’s pages', () => {
  const machineSite = (policy: string): Site => ({
    base: '/',
    pages: new Map([['/examples/namespaces/', parsePage(page('', policy), 'examples/namespaces/index.html')]]),
    files: new Set(),
    linkCount: 0,
  });

  it('allow blob: workers (v86 makes its own) and nothing else more than the site', () => {
    expect(machinePolicy).toBe(sitePolicy.replace("worker-src 'self'", "worker-src 'self' blob:"));
    expect(policyFor({ machine: false })).toBe(sitePolicy);
  });

  it('must carry the machine policy, and no other page may', () => {
    const live = new Set(['examples/namespaces/']);
    expect(cspProblems(machineSite(machinePolicy), sitePolicy, live)).toEqual([]);
    expect(cspProblems(machineSite(sitePolicy), sitePolicy, live)).toEqual([
      'examples/namespaces/index.html: its Content-Security-Policy meta tag is not the machine pages policy',
    ]);
    expect(cspProblems(machineSite(machinePolicy))).toEqual([
      "examples/namespaces/index.html: its Content-Security-Policy meta tag is not the site's policy (it has the machine policy but does not run the machine)",
    ]);
  });

  it('are named in _headers with the machine policy replacing the site’s', () => {
    const headers = headersFile('/a/', sitePolicy, { pages: ['playground/'], policy: machinePolicy });
    expect(headers).toContain(
      `/a/playground/\n  ! Content-Security-Policy\n  Content-Security-Policy: ${machinePolicy}\n`,
    );
    expect(headers.match(/blob:/g)).toHaveLength(1);
  });
});
