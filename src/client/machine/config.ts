/**
 * What a machine page hands its live-machine element (`data-machine`, JSON) and
 * the strings it shows (`data-machine-ui`). Types only: the page's always-loaded
 * script stays tiny, and the emulator, terminal and checker load on the press.
 */
import type { Assertion } from '../../model/example-schema.ts';

export interface MachineConfig {
  /** URL path of the machine's folder, `<base>vm/<key>/`. */
  dir: string;
  files: { bios: string; vgaBios: string; state: string; wasm: string; lib: string };
  memoryMB: number;
  vgaMemoryMB?: number;
  /** The guest shell's prompt. */
  prompt: string;
  /** Command that runs the page's example, or null (playground). */
  command: string | null;
  assertions: Assertion[];
  absent: Assertion[];
  downloadBytes: number;
  /** Bytes of libv86.mjs (loaded before v86 reports progress of its own files). */
  libBytes: number;
}

/** UI strings, `{placeholders}` left in. */
export interface MachineStrings {
  downloading: string;
  starting: string;
  ready: string;
  restored: string;
  running: string;
  done: string;
  failed: string;
  passed: string;
  missing: string;
  unexpected: string;
  pending: string;
}
