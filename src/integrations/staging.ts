/**
 * Builds go to a staging folder that replaces dist/ only when every step passed,
 * so a failed build never leaves a half-written dist/ in place of a good one, and a
 * swap that fails half-way puts the old site back. One lock per checkout keeps a
 * second build from trampling the first (they share `.astro/`, whatever their output
 * folders).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Staging {
  finalDir: string;
  stagingDir: string;
  /** Astro's outDir (a URL with a trailing slash). */
  outDirUrl: URL;
  /** Moves the staging folder into place; on failure the previous output is back in place. */
  commit(): void;
  /** Lines worth telling the user (a restored output folder, a taken-over lock). */
  notes: string[];
}

/** File operations, replaceable so that tests can make one fail. */
export interface StagingOps {
  rename: (from: string, to: string) => void;
}

const realOps: StagingOps = { rename: renameSync };

/** Start time of a process (clock ticks since boot, /proc/<pid>/stat field 22), or null. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** True when `pid` is the same process that wrote the lock (same pid, same start time). */
function lockHolderAlive(pid: number, started: string): boolean {
  const now = processStartTime(pid);
  if (now === null) return false;
  return started === '' || now === started;
}

/** Takes the checkout's build lock; throws naming the build that holds it. */
export function takeBuildLock(lock: string): () => void {
  mkdirSync(path.dirname(lock), { recursive: true });
  const me = `${process.pid} ${processStartTime(process.pid) ?? ''}`;
  // Created exclusively ('wx'), so two builds starting at the same moment cannot both get it;
  // a lock whose process is gone, or whose pid now belongs to another process, is taken over.
  for (;;) {
    try {
      writeFileSync(lock, me, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const [pidText = '', started = ''] = readFileSync(lock, 'utf8').trim().split(' ');
    const pid = Number(pidText);
    if (pid && pid !== process.pid && lockHolderAlive(pid, started)) {
      throw new Error(
        `another build is running in this checkout (pid ${pid}); builds share .astro/, so wait for it or stop it, then build again`,
      );
    }
    rmSync(lock, { force: true });
  }
  return () => rmSync(lock, { force: true });
}

function isMountPoint(dir: string): boolean {
  try {
    return statSync(dir).dev !== statSync(path.dirname(dir)).dev;
  } catch {
    return false;
  }
}

/** Moves every entry of `from` into `to` (same file system); returns the names moved. */
function moveEntries(from: string, to: string, ops: StagingOps, skip: string[] = []): string[] {
  const moved: string[] = [];
  for (const name of readdirSync(from)) {
    if (skip.includes(name)) continue;
    ops.rename(path.join(from, name), path.join(to, name));
    moved.push(name);
  }
  return moved;
}

/**
 * Takes the build lock (`lockFile`, one per checkout) and prepares an empty staging
 * folder: next to `outDir`, or inside it when `outDir` is a mount point (a rename
 * cannot cross file systems, nor replace a mount point). A previous build that died
 * between moving the old output aside and moving the new one in is repaired first.
 */
/**
 * The folders a build writes beside an output folder that is not a mount point: the staging
 * folder it builds into and the previous output it moves aside. Build output, never content:
 * `astro dev` does not watch them (a build beside dev would flood it with changes).
 */
export function besideOutput(outDir: string): { staging: string; previous: string } {
  const finalDir = outDir.replace(/[\\/]+$/, '');
  return {
    staging: path.join(path.dirname(finalDir), `.${path.basename(finalDir)}-staging`),
    previous: `${finalDir}.previous`,
  };
}

export function prepareStaging(outDir: string, options: { lockFile: string; ops?: StagingOps }): Staging {
  const ops = options.ops ?? realOps;
  const finalDir = outDir.replace(/[\\/]+$/, '');
  const notes: string[] = [];
  mkdirSync(path.dirname(finalDir), { recursive: true });
  const release = takeBuildLock(options.lockFile);
  const { previous, staging: besideStaging } = besideOutput(finalDir);
  if (!existsSync(finalDir) && existsSync(previous)) {
    ops.rename(previous, finalDir);
    notes.push(`restored ${finalDir} from ${previous} (an earlier build stopped while replacing it)`);
  }
  const inside = isMountPoint(finalDir);
  const stagingDir = inside ? path.join(finalDir, '.stack-atlas-staging') : besideStaging;
  rmSync(stagingDir, { recursive: true, force: true });
  if (inside) mkdirSync(stagingDir);
  let committed = false;
  // Whatever happens, a build leaves no staging folder and no lock behind.
  process.once('exit', () => {
    if (!committed) rmSync(stagingDir, { recursive: true, force: true });
    release();
  });

  /** Swaps the contents of a mount-point output folder entry by entry, rolling back on failure. */
  const commitInside = () => {
    const aside = path.join(finalDir, '.stack-atlas-previous');
    rmSync(aside, { recursive: true, force: true });
    mkdirSync(aside);
    const keep = [path.basename(stagingDir), path.basename(aside)];
    const old = moveEntries(finalDir, aside, ops, keep);
    try {
      moveEntries(stagingDir, finalDir, ops);
    } catch (error) {
      for (const name of readdirSync(finalDir))
        if (!keep.includes(name)) rmSync(path.join(finalDir, name), { recursive: true, force: true });
      for (const name of old) renameSync(path.join(aside, name), path.join(finalDir, name));
      throw error;
    }
    rmSync(aside, { recursive: true, force: true });
    rmSync(stagingDir, { recursive: true, force: true });
  };

  const commitBeside = () => {
    rmSync(previous, { recursive: true, force: true });
    const hadOutput = existsSync(finalDir);
    if (hadOutput) ops.rename(finalDir, previous);
    try {
      ops.rename(stagingDir, finalDir);
    } catch (error) {
      // put the old site back before anything else can go wrong
      if (hadOutput) renameSync(previous, finalDir);
      throw error;
    }
    rmSync(previous, { recursive: true, force: true });
  };

  return {
    finalDir,
    stagingDir,
    outDirUrl: pathToFileURL(`${stagingDir}/`),
    notes,
    commit() {
      try {
        if (inside) commitInside();
        else commitBeside();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(
          `could not move the new site into ${finalDir} (${code ?? (error as Error).message}); ` +
            `the previous output is unchanged${code === 'EXDEV' ? ` (${finalDir} and its parent folder are on different file systems)` : ''}`,
          { cause: error },
        );
      }
      committed = true;
    },
  };
}
