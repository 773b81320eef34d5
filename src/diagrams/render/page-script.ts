/**
 * Code that runs inside the render page (Chromium). Installed once per page with
 * `page.evaluate(installPageRenderer)`; must be self-contained (it is serialized).
 */

export interface PageRenderInput {
  source: string;
  /** Mermaid render id = id prefix of everything in the SVG. */
  prefix: string;
  config: Record<string, unknown>;
  fontFamily: string;
  /** Measure labels against their shapes and report what does not fit. */
  checkFit: boolean;
}

export type PageRenderOutput =
  | {
      ok: true;
      svg: string;
      width: number;
      height: number;
      viewBox: string;
      accTitle?: string;
      accDescr?: string;
      warnings: string[];
      fontsOk: boolean;
      ms: number;
    }
  | { ok: false; message: string; line?: number };

/* eslint-disable */
export function installPageRenderer(): void {
  const w = window as any;

  function lineOf(error: any): number | undefined {
    const loc = error?.hash?.loc?.first_line ?? error?.hash?.line;
    if (typeof loc === 'number') return loc + (error?.hash?.loc ? 0 : 1);
    const match = /line[ :]+(\d+)/i.exec(String(error?.message ?? error));
    return match ? Number(match[1]) : undefined;
  }

  function cardOf(nodeId: string): string {
    // Generated diagrams use the card id as node id, or card_<id with - as _> for reserved words.
    return nodeId.startsWith('card_') ? nodeId.slice(5).replace(/_/g, '-') : nodeId;
  }

  /** Gives every id the prefix, makes them unique, and rewrites references. */
  function prefixIds(svg: SVGSVGElement, prefix: string): void {
    const renamed = new Map<string, string>();
    const used = new Set<string>();
    for (const el of Array.from(svg.querySelectorAll('[id]'))) {
      const old = el.getAttribute('id')!;
      let next = old.startsWith(prefix) ? old : `${prefix}-${old}`;
      if (used.has(next)) {
        let n = 2;
        while (used.has(`${next}-${n}`)) n += 1;
        next = `${next}-${n}`;
      } else if (!renamed.has(old)) {
        renamed.set(old, next);
      }
      used.add(next);
      if (next !== old) el.setAttribute('id', next);
    }
    const changes = [...renamed].filter(([a, b]) => a !== b);
    if (!changes.length) return;
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const byOld = new Map(changes);
    const urlRe = new RegExp(`url\\(#(${changes.map(([a]) => escape(a)).join('|')})\\)`, 'g');
    for (const el of Array.from(svg.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        let value = attr.value;
        if (
          (attr.name === 'href' || attr.name === 'xlink:href') &&
          value.startsWith('#') &&
          byOld.has(value.slice(1))
        ) {
          value = `#${byOld.get(value.slice(1))}`;
        } else if (attr.name === 'aria-labelledby' || attr.name === 'aria-describedby') {
          value = value
            .split(/\s+/)
            .map((t) => byOld.get(t) ?? t)
            .join(' ');
        } else if (value.includes('url(#')) {
          value = value.replace(urlRe, (_m, id) => `url(#${byOld.get(id)})`);
        }
        if (value !== attr.value) el.setAttribute(attr.name, value);
      }
    }
  }

  /** Reports labels wider or taller than the shape that holds them (the CJK clipping bug). */
  function checkFit(svg: SVGSVGElement): string[] {
    const warnings: string[] = [];
    const host = document.getElementById('measure')!;
    host.replaceChildren(svg);
    const nodes = Array.from(svg.querySelectorAll('g.node'));
    for (const node of nodes) {
      const shape = node.querySelector(
        ':scope > rect, :scope > polygon, :scope > path, :scope > circle, :scope > g:not(.label)',
      );
      const label = node.querySelector(':scope > g.label') as SVGGraphicsElement | null;
      if (!shape || !label) continue;
      const s = (shape as SVGGraphicsElement).getBBox();
      const l = label.getBBox();
      if (l.width > s.width + 0.5 || l.height > s.height + 0.5) {
        warnings.push(
          `node ${node.getAttribute('data-card') ?? node.id}: label ${l.width.toFixed(1)}×${l.height.toFixed(1)} > shape ${s.width.toFixed(1)}×${s.height.toFixed(1)}`,
        );
      }
    }
    // Sequence diagram participants: the name lines must fit the actor box.
    for (const box of Array.from(svg.querySelectorAll('rect.actor')) as SVGGraphicsElement[]) {
      const texts = Array.from(
        box.parentElement?.querySelectorAll(':scope > text.actor') ?? [],
      ) as SVGGraphicsElement[];
      if (!texts.length) continue;
      const b = box.getBBox();
      for (const text of texts) {
        const t = text.getBBox();
        if (
          t.x < b.x - 0.5 ||
          t.x + t.width > b.x + b.width + 0.5 ||
          t.y < b.y - 0.5 ||
          t.y + t.height > b.y + b.height + 0.5
        ) {
          warnings.push(`participant "${text.textContent}" does not fit its box`);
        }
      }
    }
    // Every text must lie inside the viewBox (nothing cut off at the edges).
    const svgBox = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const scale = vb && vb.width ? svgBox.width / vb.width : 1;
    for (const text of Array.from(svg.querySelectorAll('text')) as SVGTextElement[]) {
      const content = text.textContent ?? '';
      if (!content.trim()) continue;
      const box = text.getBoundingClientRect();
      const left = (box.left - svgBox.left) / scale;
      const right = (box.right - svgBox.left) / scale;
      if (left < -0.5 || right > svgBox.width / scale + 0.5) {
        warnings.push(`text "${content}" extends outside the drawing (${left.toFixed(1)}..${right.toFixed(1)})`);
      }
    }
    host.replaceChildren();
    return warnings;
  }

  w.__stackAtlasRender = async (input: PageRenderInput): Promise<PageRenderOutput> => {
    const started = performance.now();
    const mermaid = w.mermaid;
    // Load exactly the font subsets this diagram needs before mermaid measures any text.
    const sample = `${input.source} 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz`;
    await Promise.all([
      document.fonts.load(`16px "${input.fontFamily}"`, sample),
      document.fonts.load(`bold 16px "${input.fontFamily}"`, sample),
    ]);
    await document.fonts.ready;
    const fontsOk = document.fonts.check(`16px "${input.fontFamily}"`, sample);
    mermaid.initialize(input.config);
    const container = document.getElementById('render')!;
    let svgText: string;
    try {
      svgText = (await mermaid.render(input.prefix, input.source, container)).svg;
    } catch (error: any) {
      return { ok: false, message: String(error?.message ?? error), line: lineOf(error) };
    } finally {
      container.replaceChildren();
      document.getElementById(`d${input.prefix}`)?.remove();
      document.getElementById(input.prefix)?.remove();
    }
    const doc = new DOMParser().parseFromString(svgText, 'text/html');
    const svg = doc.querySelector('svg') as SVGSVGElement;
    const adopted = document.importNode(svg, true) as SVGSVGElement;

    // Accessibility: our own <title>/<desc> are added later; keep mermaid's text.
    let accTitle: string | undefined;
    let accDescr: string | undefined;
    for (const el of Array.from(adopted.querySelectorAll(':scope > title, :scope > desc'))) {
      if (el.tagName.toLowerCase() === 'title') accTitle = el.textContent ?? undefined;
      else accDescr = el.textContent ?? undefined;
      el.remove();
    }
    for (const name of [
      'aria-roledescription',
      'aria-labelledby',
      'aria-describedby',
      'role',
      'style',
      'width',
      'height',
    ]) {
      adopted.removeAttribute(name);
    }
    prefixIds(adopted, input.prefix);
    for (const node of Array.from(adopted.querySelectorAll('g.node[id]'))) {
      const match = new RegExp(`^${input.prefix}-flowchart-(.+)-\\d+$`).exec(node.id);
      if (match) node.setAttribute('data-card', cardOf(match[1]!));
    }
    // Edges with id r<n> were written top-down but point up: move the arrowhead to the start.
    for (const path of Array.from(adopted.querySelectorAll('path[data-id]'))) {
      if (!/^r\d+$/.test(path.getAttribute('data-id') ?? '')) continue;
      const end = /url\(#([^)]+)\)/.exec(path.getAttribute('marker-end') ?? '')?.[1];
      if (!end) continue;
      const reversedId = `${end}-reversed`;
      if (!adopted.querySelector(`[id="${reversedId}"]`)) {
        const marker = adopted.querySelector(`[id="${end}"]`);
        if (!marker) continue;
        const copy = marker.cloneNode(true) as Element;
        copy.setAttribute('id', reversedId);
        copy.setAttribute('orient', 'auto-start-reverse');
        marker.after(copy);
      }
      path.setAttribute('marker-start', `url(#${reversedId})`);
      path.removeAttribute('marker-end');
      path.setAttribute('data-reversed', 'true');
    }
    // Bulky attributes no consumer needs.
    for (const el of Array.from(adopted.querySelectorAll('[data-points]'))) el.removeAttribute('data-points');

    const vb = adopted.viewBox.baseVal;
    const width = Math.ceil(vb.width);
    const height = Math.ceil(vb.height);
    adopted.setAttribute('width', String(width));
    adopted.setAttribute('height', String(height));
    const warnings = input.checkFit ? checkFit(adopted) : [];
    return {
      ok: true,
      svg: new XMLSerializer().serializeToString(adopted),
      width,
      height,
      viewBox: `${vb.x} ${vb.y} ${vb.width} ${vb.height}`,
      ...(accTitle ? { accTitle } : {}),
      ...(accDescr ? { accDescr } : {}),
      warnings,
      fontsOk,
      ms: performance.now() - started,
    };
  };
}
