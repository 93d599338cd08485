import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Disk, DiskFile, OpenMode } from './disk';

const flagsByMode: Record<OpenMode, string> = { read: 'r', update: 'r+', replace: 'w+' };

/** The one FileHandle method `writeAll` needs (tests inject a fake). */
export interface VectorWriter {
  writev(buffers: Uint8Array[], position: number): Promise<{ bytesWritten: number }>;
}

/**
 * Writes every byte of `chunks` at `position`. libuv's writev returns the count written so far
 * when a later write() fails (ENOSPC, EDQUOT, EFBIG, EIO), dropping the errno; writing the rest
 * again from where it stopped makes the kernel report that errno, which the operator must see.
 */
export async function writeAll(
  handle: VectorWriter,
  path: string,
  chunks: readonly Uint8Array[],
  position: number,
): Promise<void> {
  let rest = chunks.filter((chunk) => chunk.byteLength > 0);
  let at = position;
  while (rest.length > 0) {
    let expected = 0;
    for (const chunk of rest) expected += chunk.byteLength;
    const { bytesWritten } = await handle.writev(rest, at);
    if (bytesWritten === expected) return;
    if (bytesWritten <= 0) {
      // no progress and no errno: nothing better to report
      throw new Error(`short write to ${path}: 0 of ${expected} bytes at offset ${at}`);
    }
    at += bytesWritten;
    rest = skipBytes(rest, bytesWritten);
  }
}

/** `chunks` without their first `count` bytes (views, no copies). */
function skipBytes(chunks: readonly Uint8Array[], count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let skip = count;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    out.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return out;
}

class NodeDiskFile implements DiskFile {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  async read(into: Uint8Array, length: number, position: number): Promise<number> {
    let total = 0;
    while (total < length) {
      const { bytesRead } = await this.handle.read(into, total, length - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total;
  }

  write(chunks: readonly Uint8Array[], position: number): Promise<void> {
    return writeAll(this.handle, this.path, chunks, position);
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  sync(): Promise<void> {
    return this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * mkdir -p, one level at a time. Node's own `recursive` loops forever (at 100% CPU) where a
 * parent keeps answering ENOENT, as under /proc; here a parent that cannot be made is an error.
 */
async function makeDirectories(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw error;
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
  }
  await makeDirectories(dirname(dir));
  // the parent exists now; a second ENOENT (a pseudo file system) is final
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(dir)).isDirectory()) throw error;
  }
}

/** The real file system. */
export const nodeDisk: Disk = {
  mkdirp(dir) {
    return makeDirectories(dir);
  },
  async list(dir) {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  async open(path, mode) {
    return new NodeDiskFile(path, await open(path, flagsByMode[mode]));
  },
  rename(from, to) {
    return rename(from, to);
  },
  remove(path) {
    return rm(path, { force: true });
  },
  async syncDir(dir) {
    // Linux needs an fsync on the directory for a rename/creation to survive power loss.
    // Windows cannot open directories; there the rename itself is the best available.
    if (process.platform === 'win32') return;
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async readFile(path) {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
};
