// acceptedEpoch / currentEpoch, one decimal number per file (as ZooKeeper stores them), replaced
// atomically: a crash leaves either the old value or the new one, never a torn file.
import { join } from 'node:path';
import type { Disk } from './disk';
import { StorageError } from './errors';
import type { EpochName, EpochStore } from './storage';

export class FileEpochStore implements EpochStore {
  private counter = 0;

  constructor(
    private readonly disk: Disk,
    private readonly dir: string,
  ) {}

  async read(name: EpochName): Promise<number | undefined> {
    const path = join(this.dir, name);
    const bytes = await this.disk.readFile(path);
    if (bytes === undefined) return undefined;
    const text = new TextDecoder().decode(bytes).trim();
    if (!/^\d{1,15}$/.test(text)) {
      throw new StorageError(
        'EPOCH_CORRUPT',
        `${path} should hold one decimal epoch but holds ${JSON.stringify(text.slice(0, 40))}; ` +
          'restore it from a healthy replica or remove it to let the server rejoin from scratch',
        { file: path },
      );
    }
    return Number(text);
  }

  async write(name: EpochName, epoch: number): Promise<void> {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`invalid epoch ${epoch}`);
    const path = join(this.dir, name);
    const temp = `${path}.tmp-${++this.counter}`;
    const file = await this.disk.open(temp, 'replace');
    try {
      await file.write([new TextEncoder().encode(`${epoch}\n`)], 0);
      await file.sync();
    } finally {
      await file.close();
    }
    await this.disk.rename(temp, path);
    await this.disk.syncDir(this.dir);
  }
}
