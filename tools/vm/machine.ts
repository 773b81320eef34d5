/**
 * A thin wrapper around a v86 emulator whose guest talks on its first serial port:
 * collects the output, types lines, waits for markers. No Node imports: the browser
 * uses it too. The caller constructs the V86 instance (file loading differs between
 * Node and the browser) and passes it in.
 */
import { EXIT_MARKER, PROMPT } from './image.ts';

/** The part of v86's API this module uses. */
export interface Emulator {
  add_listener(event: 'serial0-output-byte', listener: (byte: number) => void): void;
  add_listener(event: 'emulator-ready', listener: () => void): void;
  remove_listener(event: 'serial0-output-byte', listener: (byte: number) => void): void;
  serial0_send(data: string): void;
  restore_state(state: ArrayBuffer): Promise<void>;
  save_state(): Promise<ArrayBuffer>;
  run(): Promise<void> | void;
  stop(): Promise<void> | void;
  destroy(): Promise<void> | void;
}

/** Removes terminal control sequences and carriage returns, for matching and transcripts. */
export function plainText(text: string): string {
  return (
    text
      // CSI sequences (colours, cursor moves, the shell's cursor-position query ESC[6n)
      // eslint-disable-next-line no-control-regex -- terminal escapes are what this removes
      .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // other two-character escapes
      // eslint-disable-next-line no-control-regex -- as above
      .replace(/\x1b[@-Z\\-_]/g, '')
      .replace(/\r+\n/g, '\n')
      .replace(/\r/g, '')
  );
}

export class WaitTimeout extends Error {
  readonly tail: string;
  constructor(what: string, seconds: number, tail: string) {
    super(`no ${what} within ${seconds} s; last output:\n${tail}`);
    this.tail = tail;
  }
}

/** Waits for the emulator's `emulator-ready` event (input sent before it is lost). */
export function whenReady(emulator: Emulator): Promise<void> {
  return new Promise((resolve) => emulator.add_listener('emulator-ready', () => resolve()));
}

export class Machine {
  /** Everything the guest printed, raw (escape sequences included). */
  private raw = '';
  private decoder = new TextDecoder();
  private waiters = new Set<() => void>();
  private listeners = new Set<(text: string) => void>();
  private readonly onByte = (byte: number) => {
    const text = this.decoder.decode(new Uint8Array([byte]), { stream: true });
    if (!text) return;
    this.raw += text;
    for (const l of this.listeners) l(text);
    for (const w of this.waiters) w();
  };

  readonly emulator: Emulator;
  constructor(emulator: Emulator) {
    this.emulator = emulator;
    emulator.add_listener('serial0-output-byte', this.onByte);
  }

  /** Raw output since the start (or since `mark()`'s position when sliced by the caller). */
  get output(): string {
    return this.raw;
  }

  /** Position in the raw output, for `since` in waitFor and `textSince`. */
  mark(): number {
    return this.raw.length;
  }

  /** Plain text printed since a mark. */
  textSince(mark: number): string {
    return plainText(this.raw.slice(mark));
  }

  onOutput(listener: (text: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async restore(state: ArrayBuffer): Promise<void> {
    await this.emulator.restore_state(state);
    await this.emulator.run();
  }

  send(data: string): void {
    this.emulator.serial0_send(data);
  }

  sendLine(line: string): void {
    this.emulator.serial0_send(`${line}\n`);
  }

  /**
   * Resolves with the first match of `pattern` in the plain text printed after `since`;
   * rejects with WaitTimeout after `timeoutMs`. Never a fixed sleep: it checks on output.
   */
  waitFor(pattern: RegExp | string, options: { since?: number; timeoutMs?: number } = {}): Promise<RegExpExecArray> {
    const since = options.since ?? 0;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const regex = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern;
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = regex.exec(this.textSince(since));
        if (!match) return false;
        done();
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        const tail = this.textSince(since).slice(-1500);
        reject(
          new WaitTimeout(
            typeof pattern === 'string' ? JSON.stringify(pattern) : String(regex),
            timeoutMs / 1000,
            tail,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      this.waiters.add(waiter);
      check();
    });
  }

  /** Waits for the fixed prompt at the end of the output after `since`. */
  waitForPrompt(options: { since?: number; timeoutMs?: number } = {}): Promise<RegExpExecArray> {
    return this.waitFor(new RegExp(`${escapeRegExp(PROMPT)}$`), options);
  }

  /**
   * Types a command that prints the exit marker when it ends (e.g. `atlas-run <id>`),
   * and resolves with its plain output (without the echoed command line) and exit code.
   */
  async runMarked(command: string, timeoutMs: number): Promise<{ output: string; exitCode: number }> {
    const since = this.mark();
    this.sendLine(command);
    const match = await this.waitFor(new RegExp(`(?:^|\\n)${EXIT_MARKER} (\\d+)\\n`), { since, timeoutMs });
    const text = this.textSince(since);
    const end = match.index + (match[0].startsWith('\n') ? 1 : 0);
    const output = text.slice(echoEnd(text, command), end);
    return { output, exitCode: Number(match[1]) };
  }

  /** Runs a shell command and resolves with its output (the command itself adds the marker). */
  exec(command: string, timeoutMs = 60_000): Promise<{ output: string; exitCode: number }> {
    return this.runMarked(`${command}; echo "${EXIT_MARKER} $?"`, timeoutMs);
  }

  close(): void {
    this.emulator.remove_listener('serial0-output-byte', this.onByte);
    this.waiters.clear();
    this.listeners.clear();
  }
}

/**
 * Where the shell's echo of a typed command ends in the output: after as many
 * visible characters as the command has (the shell's line editor breaks long lines
 * at the terminal width), at the next newline.
 */
export function echoEnd(text: string, command: string): number {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < command.length) {
    if (text[i] !== '\n') seen++;
    i++;
  }
  const newline = text.indexOf('\n', i);
  return newline === -1 ? text.length : newline + 1;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
