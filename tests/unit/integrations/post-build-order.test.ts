import { describe, expect, it } from 'vitest';
import { publishSteps } from '../../../src/integrations/post-build.ts';

/** A step that records when it starts and ends, and ends only when released. */
function step<T>(name: string, value: T, events: string[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const run = async () => {
    events.push(`${name} start`);
    await released;
    events.push(`${name} end`);
    return value;
  };
  return { run, release };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('publishSteps', () => {
  it('starts the link previews only after the search index has been written', async () => {
    const events: string[] = [];
    const previews = step('previews', 'preview line', events);
    const search = step('search', ['search line'], events);
    const headers = step('headers', 'headers line', events);
    const svg = step('svg', 'svg line', events);
    const done = publishSteps({
      previews: previews.run,
      search: search.run,
      headers: headers.run,
      svg: svg.run,
    });
    await settle();
    // Headers and the SVG check run beside the index; the preview workers wait.
    expect(events).toEqual(['search start', 'headers start', 'svg start']);
    headers.release();
    svg.release();
    await settle();
    expect(events).not.toContain('previews start');
    search.release();
    await settle();
    expect(events.slice(-2)).toEqual(['search end', 'previews start']);
    previews.release();
    expect(await done).toEqual(['preview line', ['search line'], 'headers line', 'svg line']);
  });

  it('does not start the previews when the search index fails', async () => {
    let drawn = false;
    const failing = publishSteps({
      previews: async () => {
        drawn = true;
        return '';
      },
      search: () => Promise.reject(new Error('search index: could not index notes/x/index.html')),
      headers: async () => '',
      svg: async () => '',
    });
    await expect(failing).rejects.toThrow('notes/x/index.html');
    expect(drawn).toBe(false);
  });
});
