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
  it('starts the search index only after the link previews have finished', async () => {
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
      between: () => events.push('between'),
    });
    await settle();
    // Headers and the SVG check run beside the previews; Pagefind waits.
    expect(events).toEqual(['previews start', 'headers start', 'svg start']);
    headers.release();
    svg.release();
    await settle();
    expect(events).not.toContain('search start');
    previews.release();
    await settle();
    expect(events.slice(-3)).toEqual(['previews end', 'between', 'search start']);
    search.release();
    expect(await done).toEqual(['preview line', ['search line'], 'headers line', 'svg line']);
  });

  it('does not start the search index when the previews fail', async () => {
    let searched = false;
    const failing = publishSteps({
      previews: () => Promise.reject(new Error('link preview og/notes/x.png could not be drawn')),
      search: async () => {
        searched = true;
        return [];
      },
      headers: async () => '',
      svg: async () => '',
    });
    await expect(failing).rejects.toThrow('og/notes/x.png');
    expect(searched).toBe(false);
  });
});
