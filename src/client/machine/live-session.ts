/**
 * A live machine on the page, loaded only after the press: v86 (from the
 * machine's folder, never bundled), restored from the snapshot and driven by the
 * same wrapper the Node runner uses (tools/vm/machine.ts); xterm.js on its first
 * serial port; the example typed at the first prompt and judged, as its output
 * arrives, by the same checker CI uses; then the terminal is the reader's.
 * Reset restores the snapshot.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { checkAssertions } from '../../model/assertions.ts';
import { EXIT_MARKER } from '../../../tools/vm/image.ts';
import { escapeRegExp, Machine, whenReady, type Emulator } from '../../../tools/vm/machine.ts';
import type { MachineConfig, MachineStrings } from './config.ts';

type EmulatorConstructor = new (options: Record<string, unknown>) => Emulator & {
  add_listener(event: 'download-progress', listener: (event: Progress) => void): void;
};

interface Progress {
  file_name: string;
  loaded: number;
}

/** How often the first Enter is sent again while the guest stays silent (input before v86 runs is lost). */
const PROMPT_RETRY_MS = 2000;
/** Longest wait for a prompt or for an example's end; the emulator is slow on a busy machine. */
const WAIT_MS = 10 * 60 * 1000;
const MARKER_LINE = new RegExp(`(?:^|\\n)${escapeRegExp(EXIT_MARKER)} (\\d+)\\n`);

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
  await new Session(root, config, strings).start(pressedAt);
}

class Session {
  private V86: EmulatorConstructor | undefined;
  private machine: Machine | undefined;
  private readonly term: Terminal;
  private pending = '';
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Output mark where the running example's command was typed, or null when none runs. */
  private exampleSince: number | null = null;
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
      // At 1.0 the site's monospace font loses its underscores to the next row.
      lineHeight: 1.2,
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
      this.openTerminal();
      await this.boot(true);
      const ms = Math.round(performance.now() - pressedAt);
      this.root.dataset.promptMs = String(ms);
      // The machine is up: the press's button gives way to reset (and run again).
      part(this.root, 'start').hidden = true;
      this.resetButton.hidden = false;
      this.resetButton.addEventListener('click', () => void this.reset());
      this.rerunButton?.addEventListener('click', () => void this.runExample());
      const steps = [...this.root.querySelectorAll<HTMLButtonElement>('[data-machine-send]')];
      for (const button of steps) {
        button.disabled = false;
        button.addEventListener('click', () => void this.sendStep(button, steps));
      }
      this.setState('ready', fill(this.strings.ready, { s: (ms / 1000).toFixed(1) }));
      if (this.config.command) await this.runExample();
      else this.term.focus();
    } catch (error) {
      this.setState('error', fill(this.strings.failed, { error: (error as Error).message.split('\n')[0] ?? '' }));
      throw error;
    }
  }

  /** Types a step's command; the steps wait for the prompt (input typed meanwhile would go to the running command). */
  private async sendStep(button: HTMLButtonElement, steps: HTMLButtonElement[]): Promise<void> {
    const machine = this.machine;
    if (!machine) return;
    for (const step of steps) step.disabled = true;
    const since = machine.mark();
    machine.sendLine(button.dataset.machineSend ?? '');
    // On a phone the terminal is above the steps: bring it into view to see the answer.
    // Focus stays on the button, so the keyboard goes on to the next step.
    part(this.root, 'terminal').scrollIntoView({ block: 'nearest' });
    try {
      await machine.waitForPrompt({ since, timeoutMs: WAIT_MS });
    } finally {
      for (const step of steps) step.disabled = false;
      button.focus();
    }
  }

  private openTerminal(): void {
    const terminal = part(this.root, 'terminal');
    terminal.hidden = false;
    const fit = new FitAddon();
    this.term.loadAddon(fit);
    this.term.open(terminal);
    fit.fit();
    new ResizeObserver(() => fit.fit()).observe(terminal);
    this.term.onData((data) => this.machine?.send(data));
    // Keyboard users leave the terminal with Esc (Tab belongs to the shell).
    this.term.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.key === 'Escape') {
        this.term.blur();
        this.resetButton.focus();
        return false;
      }
      return true;
    });
  }

  /** A fresh emulator from the snapshot; resolves at the first prompt. */
  private async boot(showProgress: boolean): Promise<void> {
    const { dir, files, memoryMB, vgaMemoryMB } = this.config;
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
    if (showProgress) {
      const loaded = new Map<string, number>();
      emulator.add_listener('download-progress', (event) => {
        loaded.set(event.file_name, event.loaded);
        // libv86 itself is already here.
        const sum = [...loaded.values()].reduce((a, b) => a + b, 0) + this.config.libBytes;
        this.progress.value = Math.min(sum, this.config.downloadBytes);
        this.status.textContent = fill(this.strings.downloading, {
          loaded: megabytes(sum),
          total: megabytes(this.config.downloadBytes),
        });
      });
    }
    const machine = new Machine(emulator);
    this.machine = machine;
    machine.onOutput((text) => this.output(text));
    await whenReady(emulator);
    this.progress.hidden = true;
    this.setState('starting', this.strings.starting);
    // The snapshot sits at a prompt already printed: Enter asks for a fresh one. It is sent
    // again only while the guest stays silent (input it did get would make a second prompt).
    let since = machine.mark();
    machine.send('\n');
    const retry = setInterval(() => machine.mark() === since && machine.send('\n'), PROMPT_RETRY_MS);
    try {
      await machine.waitForPrompt({ since, timeoutMs: WAIT_MS });
    } finally {
      clearInterval(retry);
    }
    // The guest's line editing wraps at the width it is told, not at the terminal's.
    since = machine.mark();
    machine.sendLine(`stty cols ${this.term.cols} rows ${this.term.rows}`);
    await machine.waitForPrompt({ since, timeoutMs: WAIT_MS });
  }

  private output(text: string): void {
    this.pending += text;
    // Bytes arrive one by one: the terminal and the checklist take them in batches.
    this.flushTimer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.term.write(this.pending);
    this.pending = '';
    if (this.exampleSince !== null && this.machine) {
      // What the Node runner judges: the plain text without the echoed command, up to the marker.
      const text = this.machine.textSince(this.exampleSince);
      const newline = text.indexOf('\n');
      const end = MARKER_LINE.exec(text);
      if (newline !== -1 && !end) this.updateChecklist(text.slice(newline + 1), false);
    }
  }

  /** Types the example's command and judges its output as the Node runner does (Machine.runMarked). */
  private async runExample(): Promise<void> {
    if (!this.config.command || !this.machine) return;
    const machine = this.machine;
    this.exampleSince = machine.mark();
    delete this.root.dataset.exitCode;
    this.updateChecklist('', false);
    if (this.rerunButton) this.rerunButton.hidden = true;
    this.setState('running', this.strings.running);
    this.term.focus();
    try {
      const { output, exitCode } = await machine.runMarked(this.config.command, WAIT_MS);
      if (machine !== this.machine) return;
      this.updateChecklist(output, true);
      this.root.dataset.exitCode = String(exitCode);
      this.setState('done', fill(this.strings.done, { code: exitCode }));
    } catch (error) {
      // Reset while it ran: the new machine has its own state.
      if (machine !== this.machine) return;
      throw error;
    } finally {
      if (machine === this.machine) {
        this.exampleSince = null;
        if (this.rerunButton) this.rerunButton.hidden = false;
      }
    }
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
    this.root.dataset.passed = String(results.filter((r) => r.ok && (r.kind === 'present' || finished)).length);
  }

  private async reset(): Promise<void> {
    this.resetButton.disabled = true;
    this.exampleSince = null;
    const old = this.machine;
    this.machine = undefined;
    old?.close();
    await old?.emulator.destroy();
    this.term.reset();
    if (this.config.command) this.updateChecklist('', false);
    if (this.rerunButton) this.rerunButton.hidden = false;
    try {
      await this.boot(false);
      for (const step of this.root.querySelectorAll<HTMLButtonElement>('[data-machine-send]')) step.disabled = false;
      this.setState('ready', this.strings.restored);
    } catch (error) {
      this.setState('error', fill(this.strings.failed, { error: (error as Error).message.split('\n')[0] ?? '' }));
    }
    this.resetButton.disabled = false;
    this.term.focus();
  }
}
