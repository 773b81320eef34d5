import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  askRestart,
  handOverWatcher,
  newestOf,
  restartDone,
  restartStamp,
} from '../../../src/integrations/watcher-handover.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** A closed chokidar watcher drops its listeners; so does this stand-in. */
class Watcher extends EventEmitter {
  added: string[] = [];
  add(file: string) {
    this.added.push(file);
    return this;
  }
  close() {
    this.removeAllListeners();
  }
}

describe('handOverWatcher', () => {
  it('lets what holds the first dev server watcher hear and use the newest one after a restart', () => {
    const first = new Watcher();
    const second = new Watcher();
    expect(handOverWatcher(first as never, root)).toBeUndefined();
    first.close();
    expect(handOverWatcher(second as never, root)).toBeUndefined();
    // what Astro's content layer does with the watcher it kept: listen, add, emit
    const heard: string[] = [];
    first.on('change', (file: string) => heard.push(file)).on('add', (file: string) => heard.push(`+${file}`));
    first.add('/content/notes');
    second.emit('change', '/content/notes/a.md');
    first.emit('add', '/content/notes/b.md');
    expect(heard).toEqual(['/content/notes/a.md', '+/content/notes/b.md']);
    expect(second.added).toEqual(['/content/notes']);
    expect(first.added).toEqual([]);
    // a second restart moves them on again
    const third = new Watcher();
    second.close();
    handOverWatcher(third as never, root);
    first.on('change', (file: string) => heard.push(`3:${file}`));
    third.emit('change', '/content/notes/c.md');
    expect(heard.at(-1)).toBe('3:/content/notes/c.md');
  });
});

describe('newestOf', () => {
  it('answers with the getter given last under a name', () => {
    const read = newestOf('test-value', () => 'first server');
    expect(read()).toBe('first server');
    newestOf('test-value', () => 'restarted server');
    expect(read()).toBe('restarted server');
  });
});

describe('askRestart', () => {
  it('writes the watch file once per restart: a second save during a restart waits for the restarted server', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-restart-'));
    try {
      restartDone();
      expect(askRestart(dir)).toBe(true);
      const first = readFileSync(restartStamp(dir), 'utf8');
      expect(askRestart(dir)).toBe(false);
      expect(readFileSync(restartStamp(dir), 'utf8')).toBe(first);
      // the restarted server: it was the one asked for, and the next may be asked
      expect(restartDone()).toBe(true);
      expect(restartDone()).toBe(false);
      expect(askRestart(dir)).toBe(true);
    } finally {
      restartDone();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
