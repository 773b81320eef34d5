import { describe, expect, it } from 'vitest';
import { atlasRunScript, EXIT_MARKER, initScript, keyMaterial, PROMPT, runCommand } from '../../../tools/vm/image.ts';
import { echoEnd, Machine, plainText, WaitTimeout, type Emulator } from '../../../tools/vm/machine.ts';

/** An emulator stand-in: what is sent is recorded; `print` plays the guest's serial output. */
function fakeEmulator() {
  const listeners: Array<(byte: number) => void> = [];
  const sent: string[] = [];
  const emulator = {
    add_listener: (event: string, listener: (byte: number) => void) => {
      if (event === 'serial0-output-byte') listeners.push(listener);
    },
    remove_listener: () => {},
    serial0_send: (data: string) => void sent.push(data),
    restore_state: async () => {},
    save_state: async () => new ArrayBuffer(0),
    run: () => {},
    stop: () => {},
    destroy: () => {},
  } as unknown as Emulator;
  const print = (text: string) => {
    for (const byte of new TextEncoder().encode(text)) for (const l of listeners) l(byte);
  };
  return { emulator, sent, print };
}

describe('plainText', () => {
  it("drops the shell's cursor-position query, colours and carriage returns", () => {
    expect(plainText('atlas# \x1b[6nls\r\n\x1b[1;34mbin\x1b[0m\r\n')).toBe('atlas# ls\nbin\n');
  });
});

describe('echoEnd', () => {
  it('finds the end of a typed command even where the line editor broke it at the terminal width', () => {
    const command = 'uname -r; uname -m; cat /sys/fs/cgroup/cgroup.controllers';
    const text = `${command.slice(0, 40)}\n${command.slice(40)}\n6.1.0-50-686\n`;
    expect(text.slice(echoEnd(text, command))).toBe('6.1.0-50-686\n');
  });
});

describe('Machine', () => {
  it('runs a marked command and returns its output without the echo, and its exit code', async () => {
    const { emulator, sent, print } = fakeEmulator();
    const machine = new Machine(emulator);
    const run = machine.runMarked(runCommand('cgroups'), 5_000);
    expect(sent).toEqual(['atlas-run cgroups\n']);
    print('atlas-run cgroups\r\n== 0. cgroup v2 ==\r\nrunning the v2 code path\r\n');
    print(`${EXIT_MARKER} 0\r\n${PROMPT}\x1b[6n`);
    await expect(run).resolves.toEqual({ output: '== 0. cgroup v2 ==\nrunning the v2 code path\n', exitCode: 0 });
  });

  it('does not take the echoed `echo "@@atlas-exit $?"` for the end of a command', async () => {
    const { emulator, print } = fakeEmulator();
    const machine = new Machine(emulator);
    const run = machine.exec('false', 5_000);
    print(`false; echo "${EXIT_MARKER} $?"\r\n`);
    let settled = false;
    void run.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    print(`${EXIT_MARKER} 1\r\n`);
    await expect(run).resolves.toEqual({ output: '', exitCode: 1 });
  });

  it('gives up after the timeout with the last output in the error', async () => {
    const { emulator, print } = fakeEmulator();
    const machine = new Machine(emulator);
    const wait = machine.waitForPrompt({ timeoutMs: 50 });
    print('Kernel panic - not syncing\r\n');
    await expect(wait).rejects.toBeInstanceOf(WaitTimeout);
    await expect(wait).rejects.toThrow(/Kernel panic/);
  });
});

describe('the guest scripts', () => {
  it('/init mounts cgroup v2 and sets the fixed prompt', () => {
    const init = initScript('6.1.0-50-686');
    expect(init).toMatch(/^mount -t cgroup2 cgroup2 \/sys\/fs\/cgroup$/m);
    expect(init).toContain(`PS1='${PROMPT}'`);
    expect(init).toContain('/lib/modules/6.1.0-50-686/kernel/fs/overlayfs/overlay.ko');
  });

  it('atlas-run knows only the listed examples and always ends with the exit marker', () => {
    const script = atlasRunScript({ cgroups: '/atlas/examples/cgroups/vm.sh' });
    expect(script).toMatch(/^ {2}cgroups\) script=\/atlas\/examples\/cgroups\/vm\.sh ;;$/m);
    expect(script).toContain(`echo "${EXIT_MARKER} 2"; exit 2`);
    expect(script).toContain(`echo "${EXIT_MARKER} $code"`);
  });

  it('the image key changes when a script or a pin changes, and not otherwise', () => {
    const base = {
      packages: [{ name: 'runc', version: '1.1.5', sha256: 'a', take: ['usr/sbin/runc'] }],
      v86: '0.5.462',
      init: 'init',
      atlasRun: 'run',
      scripts: { b: 'x', a: 'y' },
    };
    expect(keyMaterial(base)).toBe(keyMaterial({ ...base, scripts: { a: 'y', b: 'x' } }));
    expect(keyMaterial(base)).not.toBe(keyMaterial({ ...base, scripts: { a: 'y', b: 'changed' } }));
    expect(keyMaterial(base)).not.toBe(
      keyMaterial({ ...base, packages: [{ name: 'runc', version: '1.1.6', sha256: 'a', take: ['usr/sbin/runc'] }] }),
    );
  });
});
