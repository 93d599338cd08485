// A read-only dataDir (here: a disk whose every file creation fails with EROFS, as on a read-only
// mount where the directories already exist) is refused when the storage opens, not at the
// first write.
import { describe, expect, it } from 'vitest';
import { type Disk, nodeDisk, openFileStorage, StorageError } from '../src/index';
import { useTempDirs } from './helpers';

const tempDir = useTempDirs();

function readOnly(disk: Disk): Disk {
  const refuse = () => Promise.reject(Object.assign(new Error('read-only file system'), { code: 'EROFS' }));
  return {
    ...disk,
    open: (path, mode) => (mode === 'read' ? disk.open(path, mode) : refuse()),
  };
}

describe('checkWritable', () => {
  it('refuses a read-only dataLogDir at open, naming it', async () => {
    const dataDir = await tempDir();
    const dataLogDir = await tempDir();
    const disk: Disk = {
      ...nodeDisk,
      open: (path, mode) => (path.startsWith(dataLogDir) ? readOnly(nodeDisk) : nodeDisk).open(path, mode),
    };
    const error = await openFileStorage({
      dataDir,
      dataLogDir,
      disk,
      checkWritable: true,
      warn: () => {},
    }).catch((e: unknown) => e);
    expect(StorageError.isInstance(error, 'DIR_UNUSABLE')).toBe(true);
    expect((error as Error).message).toContain(`dataLogDir ${dataLogDir}/zkts-v1 is not usable`);
    expect((error as Error).message).toContain('EROFS');
  });

  it('opens a writable one and leaves no probe file behind', async () => {
    const dataDir = await tempDir();
    const storage = await openFileStorage({ dataDir, checkWritable: true, warn: () => {} });
    expect(await nodeDisk.list(storage.snapshotDir)).toEqual([]);
    await storage.close();
  });
});
