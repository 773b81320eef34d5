/**
 * Stops a build that would run out of JavaScript heap before it starts, in seconds,
 * with the cause and the fix, instead of V8's own "heap out of memory" half an hour
 * later (issue 24 item 5). The heap a build needs grows with its notes: Astro keeps
 * every note's entry, rendered HTML and route data until the pages are written.
 *
 * The figures are measured on this project's builds (docs/benchmarks.md, "Memory at
 * scale"): the build process's JS heap at its peak (bundling and route generation;
 * post-build reads pages a few at a time and stays below that).
 */
import { displayFile } from '../model/errors.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Heap the build needs whatever its notes (cards, diagrams, Astro and Vite themselves): own content peaked at ~0.9 GiB. */
export const HEAP_BASE_BYTES = 1 * GiB;

/** Heap per note: the peak grew by about 0.22 MiB per note between 2,000 and 10,000 notes. */
export const HEAP_PER_NOTE_BYTES = 0.25 * MiB;

/**
 * Room V8 needs above the live data: near its limit it collects garbage over and over
 * (the 10,000-note build crawled for minutes before it died).
 */
export const HEAP_HEADROOM = 1.25;

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
