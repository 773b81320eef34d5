/**
 * Stops a build that would run out of JavaScript heap before it starts, in seconds,
 * with the cause and the fix, instead of V8's own "heap out of memory" half an hour
 * later (issue 24 item 5). The heap a build needs grows with its notes: Astro keeps
 * every note's entry, rendered HTML and route data until the pages are written.
 *
 * The figures are measured on this project's builds (docs/benchmarks.md, "Memory at
 * scale", probe lines `[bench:memory]`), as the live heap (heap used right after a full
 * collection) at its peak, which is in bundling and route generation (post-build reads
 * pages a few at a time and stays below it): own content 218 MiB, 1,000 notes
 * 472 MiB, 10,000 notes 3,270 MiB (2026-12-06; that build completed with a 5 GiB limit,
 * and died at the default 4 GiB one when post-build still held the whole site).
 */
import { displayFile } from '../model/errors.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Live heap whatever the notes (cards, diagrams, Astro and Vite themselves). */
export const HEAP_BASE_BYTES = 0.25 * GiB;

/** Live heap per note (0.25 MiB from own content to 1,000 notes; 0.3 MiB on the way to 10,000). */
export const HEAP_PER_NOTE_BYTES = 0.3 * MiB;

/**
 * Room above the live heap, for the garbage V8 collects in steps (near its limit it
 * collects over and over) and for peaks between samples: 40%, a judgement rather than
 * a measurement; it puts the default 4.0 GiB limit's edge at about 8,800 notes.
 */
export const HEAP_HEADROOM = 1.4;

/** The JS heap (bytes) a build of `notes` notes needs, headroom included. */
export function heapNeeded(notes: number): number {
  return (HEAP_BASE_BYTES + notes * HEAP_PER_NOTE_BYTES) * HEAP_HEADROOM;
}

export interface HeapFigures {
  /** Notes in the content folder. */
  notes: number;
  /** The notes folder, for the message. */
  notesDir: string;
  /** V8's heap limit in this process (`v8.getHeapStatistics().heap_size_limit`). */
  heapLimit: number;
  /** Memory of the machine (`os.totalmem()`). */
  machineMemory: number;
}

const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

/**
 * Why the build cannot fit in the heap it has, with the setting that fixes it, or
 * undefined when it fits. A larger heap limit (NODE_OPTIONS=--max-old-space-size=…)
 * is the only way past it: the estimate is never switched off.
 */
export function heapShortfall(figures: HeapFigures): string | undefined {
  const needed = heapNeeded(figures.notes);
  if (needed <= figures.heapLimit) return undefined;
  // In whole GiB: --max-old-space-size is in MiB and the heap limit comes out a little above it.
  const setting = Math.ceil(needed / GiB) * 1024;
  const count = figures.notes.toLocaleString('en');
  const notesDir = displayFile(figures.notesDir);
  const fix =
    setting * MiB <= figures.machineMemory * 0.75
      ? `Run the build with NODE_OPTIONS=--max-old-space-size=${setting} (this machine has ${gib(figures.machineMemory)}).`
      : `That is more than this machine can spare (it has ${gib(figures.machineMemory)}): build on a machine with more ` +
        `memory, with NODE_OPTIONS=--max-old-space-size=${setting}, or split the notes into smaller sites.`;
  return (
    `memory: ${notesDir} holds ${count} notes; building them needs about ${gib(needed)} of JavaScript heap, ` +
    `but Node's limit here is ${gib(figures.heapLimit)}. ${fix}`
  );
}
