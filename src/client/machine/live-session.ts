/**
 * A live machine on the page, loaded only after the press: v86 (from the
 * machine's folder, never bundled), restored from the snapshot; xterm.js on its
 * first serial port; the example's command typed at the first prompt and its
 * assertions checked as the output arrives, with the same checker CI uses; then
 * the terminal is the reader's. Reset restores the snapshot.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { checkAssertions } from '../../model/assertions.ts';
import { EXIT_MARKER, type MachineConfig, type MachineStrings } from './config.ts';
import { plainText } from './plain-text.ts';

/** The part of v86's API used here (its module is loaded at run time from the machine's folder). */
interface Emulator {
  add_listener(event: string, listener: (value: never) => void): void;
  serial0_send(data: string): void;
  destroy(): Promise<void>;
}
type EmulatorConstructor = new (options: Record<string, unknown>) => Emulator;

interface Progress {
  file_name: string;
  loaded: number;
  total: number;
}

/** How often an unanswered Enter is sent again while waiting for the first prompt (input before v86 is ready is lost). */
const PROMPT_RETRY_MS = 2000;

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function part<T extends HTMLElement>(root: HTMLElement, name: string): T {
  const element = root.querySelector<T>(`[data-machine-${name}]`);
  if (!element) throw new Error(`live machine: the page has no [data-machine-${name}]`);
  return element;
}

export async function startSession(root: HTMLElement, pressedAt: number): Promise<void> {
  const config = JSON.parse(root.dataset.machine ?? '{}') as MachineConfig;
  const strings = JSON.parse(root.dataset.machineUi ?? '{}') as MachineStrings;
  const session = new Session(root, config, strings);
  await session.start(pressedAt);
}

class Session {
  private emulator: Emulator | undefined;
  private V86: EmulatorConstructor | undefined;
  private readonly term: Terminal;
  private readonly decoder = new TextDecoder();
  private pending: number[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Console text since the last prompt wait began. */
  private text = '';
  /** Console text of the running example, or null when none runs. */
  private captured: string | null = null;
  private promptWaiter: (() => void) | undefined;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly rerunButton: HTMLButtonElement | null;

  constructor(
    private readonly root: HTMLElement,
    private readonly config: MachineConfig,
    private readonly strings: MachineStrings,
  ) {
    this.status = part(root, 'status');
    this.progress = part<HTMLProgressElement>(root, 'progress');
    this.resetButton = part<HTMLButtonElement>(root, 'reset');
    this.rerunButton = root.querySelector<HTMLButtonElement>('[data-machine-rerun]');
    const style = getComputedStyle(document.documentElement);
    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: style.getPropertyValue('--font-mono').trim() || 'monospace',
      fontSize: window.innerWidth < 600 ? 12 : 14,
      scrollback: 5000,
      // A terminal looks like one in both themes; the frame around it follows the theme.
      theme: { background: '#0e1316', foreground: '#e5eaec', cursor: '#5eead4', selectionBackground: '#2a4d49' },
    });
  }

  private setState(state: string, message: string): void {
    this.root.dataset.state = state;
    this.status.textContent = message;
  }

  async start(pressedAt: number): Promise<void> {
    const terminal = part(this.root, 'terminal');
    try {
      this.setState(
        'downloading',
        fill(this.strings.downloading, { loaded: '0.0 MB', total: megabytes(this.config.downloadBytes) }),
      );
      this.progress.hidden = false;
      this.progress.max = this.config.downloadBytes;
      this.progress.value = 0;
      const lib = this.config.dir + this.config.files.lib;
      this.V86 = ((await import(/* @vite-ignore */ lib)) as { V86: EmulatorConstructor }).V86;
      terminal.hidden = false;
      const fit = new FitAddon();
      this.term.loadAddon(fit);
      this.term.open(terminal);
      fit.fit();
      new ResizeObserver(() => fit.fit()).observe(terminal);
      this.term.onData((data) => this.emulator?.serial0_send(data));
      // Keyboard users leave the terminal with Esc (Tab is the shell's).
      this.term.attachCustomKeyEventHandler((event) => {
        if (event.type === 'keydown' && event.key === 'Escape') {
          this.term.blur();
          this.resetButton.focus();
          return false;
        }
        return true;
      });
      await this.boot(true);
      const seconds = ((performance.now() - pressedAt) / 1000).toFixed(1);
      this.root.dataset.promptMs = String(Math.round(performance.now() - pressedAt));
      this.resetButton.hidden = false;
      this.resetButton.addEventListener('click', () => void this.reset());
      this.rerunButton?.addEventListener('click', () => this.runExample());
      for (const button of this.root.querySelectorAll<HTMLButtonElement>('[data-machine-send]')) {
        button.disabled = false;
        button.addEventListener('click', () => this.send(button.dataset.machineSend ?? ''));
      }
      this.setState('ready', fill(this.strings.ready, { s: seconds }));
      if (this.config.command) this.runExample();
      else this.term.focus();
    } catch (error) {
      this.setState('error', fill(this.strings.failed, { error: (error as Error).message }));
      throw error;
    }
  }

  /** A fresh emulator from the snapshot; resolves at the first prompt. */
  private async boot(showProgress: boolean): Promise<void> {
    const { dir, files, memoryMB, vgaMemoryMB } = this.config;
    const loaded = new Map<string, number>();
    const emulator = new this.V86!({
      wasm_path: dir + files.wasm,
      bios: { url: dir + files.bios },
      vga_bios: { url: dir + files.vgaBios },
      initial_state: { url: dir + files.state },
      memory_size: memoryMB * 1024 * 1024,
      ...(vgaMemoryMB ? { vga_memory_size: vgaMemoryMB * 1024 * 1024 } : {}),
      autostart: true,
      disable_keyboard: true,
      disable_mouse: true,
      disable_speaker: true,
      screen_container: null,
    });
    this.emulator = emulator;
    if (showProgress) {
      emulator.add_listener('download-progress', (event: Progress) => {
        loaded.set(event.file_name, event.loaded);
        // libv86 itself is already here.
        const sum = [...loaded.values()].reduce((a, b) => a + b, 0) + this.config.libBytes;
        this.progress.value = Math.min(sum, this.config.downloadBytes);
        this.setState(
          'downloading',
          fill(this.strings.downloading, { loaded: megabytes(sum), total: megabytes(this.config.downloadBytes) }),
        );
      });
    }
    emulator.add_listener('serial0-output-byte', (byte: number) => this.output(byte));
    const ready = new Promise<void>((resolve) => emulator.add_listener('emulator-ready', () => resolve()));
    await ready;
    this.progress.hidden = true;
    this.setState('starting', this.strings.starting);
    // The snapshot sits at a prompt that was already printed: Enter asks for a fresh one.
    await this.waitForPrompt(() => emulator.serial0_send('\n'));
    // The guest's line editing wraps at the width it is told, not at the terminal's.
    const size = `stty cols ${this.term.cols} rows ${this.term.rows}\n`;
    await this.waitForPrompt(() => emulator.serial0_send(size), false);
  }

  /** Sends `kick` (again and again if `retry`) until the prompt appears in output that arrived after it. */
  private waitForPrompt(kick: () => void, retry = true): Promise<void> {
    this.text = '';
    return new Promise<void>((resolve) => {
      // Only while the guest has said nothing at all: input it did get would make a second prompt.
      const timer = retry ? setInterval(() => this.text === '' && kick(), PROMPT_RETRY_MS) : undefined;
      this.promptWaiter = () => {
        clearInterval(timer);
        this.promptWaiter = undefined;
        resolve();
      };
      kick();
    });
  }

  private output(byte: number): void {
    this.pending.push(byte);
    // Bytes arrive one by one: the terminal and the checklist take them in batches.
    this.flushTimer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const bytes = Uint8Array.from(this.pending);
    this.pending = [];
    this.term.write(bytes);
    const text = this.decoder.decode(bytes, { stream: true });
    if (this.promptWaiter) {
      this.text += text;
      if (plainText(this.text).endsWith(this.config.prompt)) this.promptWaiter();
    }
    if (this.captured !== null) {
      this.captured += text;
      // As the Node runner judges it: without the echoed command line, up to the exit marker.
      const plain = plainText(this.captured);
      const exit = EXIT_MARKER.exec(plain);
      const start = plain.indexOf('\n') + 1;
      const output = start === 0 ? '' : plain.slice(start, exit ? Math.max(start, exit.index) : undefined);
      this.updateChecklist(output, exit !== null);
      if (exit) {
        this.captured = null;
        this.root.dataset.exitCode = exit[1];
        this.setState('done', fill(this.strings.done, { code: exit[1] ?? '' }));
        if (this.rerunButton) this.rerunButton.hidden = false;
      }
    }
  }

  private runExample(): void {
    if (!this.config.command) return;
    this.captured = '';
    delete this.root.dataset.exitCode;
    this.updateChecklist('', false);
    if (this.rerunButton) this.rerunButton.hidden = true;
    this.setState('running', this.strings.running);
    this.send(this.config.command);
    this.term.focus();
  }

  private send(command: string): void {
    this.emulator?.serial0_send(`${command}\n`);
  }

  private updateChecklist(output: string, finished: boolean): void {
    const results = checkAssertions(output, this.config.assertions, this.config.absent);
    const items = this.root.querySelectorAll<HTMLElement>('[data-machine-check]');
    results.forEach((result, index) => {
      const item = items[index];
      if (!item) return;
      // A present-pattern passes as soon as it matches; an absent one only when the run is over.
      const state = result.ok && (result.kind === 'present' || finished) ? 'ok' : finished ? 'fail' : 'pending';
      if (item.dataset.state === state) return;
      item.dataset.state = state;
      const label = item.querySelector<HTMLElement>('[data-machine-check-state]');
      if (label) {
        label.textContent =
          state === 'ok'
            ? this.strings.passed
            : state === 'pending'
              ? this.strings.pending
              : result.kind === 'absent'
                ? this.strings.unexpected
                : this.strings.missing;
      }
      const line = item.querySelector<HTMLElement>('[data-machine-check-line]');
      if (line) {
        line.textContent = result.line ?? '';
        line.hidden = !result.line;
      }
    });
    const passed = results.filter((r) => r.ok && (r.kind === 'present' || finished)).length;
    this.root.dataset.passed = String(passed);
  }

  private async reset(): Promise<void> {
    this.resetButton.disabled = true;
    this.captured = null;
    const old = this.emulator;
    this.emulator = undefined;
    await old?.destroy();
    this.term.reset();
    if (this.config.command) this.updateChecklist('', false);
    if (this.rerunButton) this.rerunButton.hidden = false;
    await this.boot(false);
    this.setState('ready', this.strings.restored);
    this.resetButton.disabled = false;
    this.term.focus();
  }
}
