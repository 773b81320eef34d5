/**
 * Builds go to a staging folder that replaces dist/ only when every step passed,
 * so a failed build never leaves a half-written dist/ in place of a good one. A
 * lock file keeps a second build in the same folder from trampling the first.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Staging {
  finalDir: string;
  stagingDir: string;
  /** Astro's outDir (a URL with a trailing slash). */
  outDirUrl: URL;
  /** Moves the staging folder into place. */
  commit(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the build lock and prepares an empty staging folder next to `finalDir`. */
export function prepareStaging(outDir: string): Staging {
  const finalDir = outDir.replace(/[\\/]+$/, '');
  const stagingDir = path.join(path.dirname(finalDir), `.${path.basename(finalDir)}-staging`);
  const lock = `${stagingDir}.lock`;
  mkdirSync(path.dirname(finalDir), { recursive: true });
  // Created exclusively ('wx'), so two builds starting at the same moment cannot both get it;
  // a lock left by a build that died (its pid is gone) is taken over.
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new Error(
        `another build is running (pid ${pid}) in ${path.dirname(finalDir)}; wait for it or stop it, then build again`,
      );
    }
    rmSync(lock, { force: true });
  }
  rmSync(stagingDir, { recursive: true, force: true });
  let committed = false;
  // Whatever happens, a build leaves no staging folder and no lock behind.
  process.once('exit', () => {
    if (!committed) rmSync(stagingDir, { recursive: true, force: true });
    rmSync(lock, { force: true });
  });
  return {
    finalDir,
    stagingDir,
    outDirUrl: pathToFileURL(`${stagingDir}/`),
    commit() {
      const previous = `${finalDir}.previous`;
      rmSync(previous, { recursive: true, force: true });
      if (existsSync(finalDir)) renameSync(finalDir, previous);
      renameSync(stagingDir, finalDir);
      rmSync(previous, { recursive: true, force: true });
      committed = true;
    },
  };
}
