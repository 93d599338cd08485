import { join } from 'node:path';
import type { Disk } from './disk';
import { StorageError } from './errors';

const PROBE_NAME = '.zkts-write-probe';

/**
 * Creates `dir` if needed and proves it takes a write and an fsync, so a server refuses to start on
 * a read-only or unusable directory instead of failing its first client's first write.
 * `role` names the setting in messages ('dataDir', 'dataLogDir').
 */
export async function checkWritable(disk: Disk, dir: string, role: string): Promise<void> {
  let step = 'create';
  try {
    await disk.mkdirp(dir);
    step = 'write a file in';
    const probe = join(dir, PROBE_NAME);
    const file = await disk.open(probe, 'replace');
    try {
      await file.write([new Uint8Array([1])], 0);
      step = 'fsync a file in';
      await file.sync();
    } finally {
      await file.close();
    }
    step = 'remove a file from';
    await disk.remove(probe);
    step = 'fsync';
    await disk.syncDir(dir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
    throw new StorageError(
      'DIR_UNUSABLE',
      `${role} ${dir} is not usable: cannot ${step} it (${reason}). The server writes and fsyncs its ` +
        `snapshots and txn log there: make it writable, or point ${role} at another directory.`,
      { file: dir, cause: error },
    );
  }
}
