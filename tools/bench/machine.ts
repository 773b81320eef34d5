/** What the benchmark ran on: CPU, cores, memory, OS, versions, load. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  astro: string | undefined;
  chromium: string | undefined;
  loadAverage: number[];
}

function packageVersion(root: string, name: string): string | undefined {
  const file = path.join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

export function machineInfo(root: string, chromium: string | undefined): MachineInfo {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    osName = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1] ?? osName;
  } catch {
    // not Linux
  }
  let chromiumVersion: string | undefined;
  if (chromium) {
    try {
      chromiumVersion = execFileSync(chromium, ['--version'], {
        encoding: 'utf8',
        timeout: 15_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      chromiumVersion = undefined;
    }
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName,
    kernel: os.release(),
    node: process.version,
    astro: packageVersion(root, 'astro'),
    chromium: chromiumVersion,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
