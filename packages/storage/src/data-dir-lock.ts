import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from './errors';

export const LOCK_FILE_NAME = 'zkts.lock';

/** Lock files this process holds now: the same pid in a file we do not hold is a stale one. */
const heldHere = new Set<string>();

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file (if it is still ours). */
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock on a data directory: a `zkts.lock` file created with O_EXCL holding
 * our pid. A lock whose process is gone is stale and taken over (with a warning). Two processes
 * taking over the same stale lock at the same instant could both win; a live holder never loses.
 */
export async function lockDataDir(dir: string, warn: (message: string) => void): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      heldHere.add(path);
      return { path, release: () => release(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await holderOf(path);
    if (holder !== undefined && isAlive(holder, path)) {
      const who = holder === process.pid ? 'another server in this process' : `process ${holder}`;
      throw new StorageError(
        'DIR_LOCKED',
        `dataDir ${dir} is in use by ${who} (lock file ${path}). Two servers must never share a ` +
          `dataDir: stop the other one, or give this one its own dataDir. If process ${holder} is not a zkts ` +
          'server, the lock is stale: remove the lock file.',
        { file: path },
      );
    }
    warn(
      `taking over the stale lock ${path} (${holder === undefined ? 'unreadable' : `process ${holder} is gone`})`,
    );
    await rm(path, { force: true });
  }
  throw new StorageError('DIR_LOCKED', `could not take the lock ${path}: it keeps reappearing`, {
    file: path,
  });
}

async function holderOf(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number, path: string): boolean {
  if (pid === process.pid) return heldHere.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function release(path: string): Promise<void> {
  if (!heldHere.delete(path)) return;
  if ((await holderOf(path)) === process.pid) await rm(path, { force: true });
}
