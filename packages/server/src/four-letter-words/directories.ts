import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { STORAGE_SUBDIR } from '@zkts/storage';
import type { ServerConfig } from '../config/index';

/** Where zkts keeps its files inside a configured directory (ZooKeeper's version-2 equivalent). */
export function storageDir(dir: string | undefined): string {
  return dir === undefined ? '' : join(dir, STORAGE_SUBDIR);
}

/** Total size of the files in a directory, 0 when it is missing. */
export function directorySize(dir: string): number {
  if (dir === '') return 0;
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) total += statSync(join(dir, entry.name)).size;
    }
  } catch {
    return 0;
  }
  return total;
}

/** `dirs` */
export function dirs(config: ServerConfig): string {
  const data = directorySize(storageDir(config.dataDir));
  const log = directorySize(storageDir(config.dataLogDir ?? config.dataDir));
  return `datadir_size: ${data}\nlogdir_size: ${log}\n`;
}
