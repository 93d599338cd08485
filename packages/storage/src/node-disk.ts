import { type FileHandle, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import type { Disk, DiskFile, OpenMode } from './disk';

const flagsByMode: Record<OpenMode, string> = { read: 'r', update: 'r+', replace: 'w+' };

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

  async write(chunks: readonly Uint8Array[], position: number): Promise<void> {
    let expected = 0;
    for (const chunk of chunks) expected += chunk.byteLength;
    // libuv loops over short writes and IOV_MAX itself; a shortfall here is a real error.
    const { bytesWritten } = await this.handle.writev(chunks as Uint8Array[], position);
    if (bytesWritten !== expected) {
      throw new Error(`short write to ${this.path}: ${bytesWritten} of ${expected} bytes`);
    }
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

/** The real file system. */
export const nodeDisk: Disk = {
  async mkdirp(dir) {
    await mkdir(dir, { recursive: true });
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
