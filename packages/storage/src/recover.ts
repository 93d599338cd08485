import type { Recovery, Storage } from './storage';

/** Recovery for every backend: the newest valid snapshot, then the log entries after it. */
export async function recoverFrom(parts: Pick<Storage, 'log' | 'snapshots'>): Promise<Recovery> {
  const { log, snapshots } = parts;
  const info = await snapshots.latestValid();
  return {
    snapshot: info === undefined ? undefined : { info, chunks: snapshots.read(info.zxid) },
    entries: log.readAfter(info?.zxid ?? 0),
    lastLoggedZxid: log.lastZxid,
  };
}
