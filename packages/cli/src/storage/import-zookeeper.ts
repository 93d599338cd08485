import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DataTree,
  DecodeError,
  readZooKeeperSnapshot,
  readZooKeeperTxnLog,
  type Txn,
  writeSnapshot,
} from '@zkts/core';
import { openFileStorage, STORAGE_SUBDIR } from '@zkts/storage';
import { UsageError } from '../server-command';

export interface ImportSummary {
  snapshot: string | undefined;
  nodes: number;
  txns: number;
  lastZxid: number;
  sessions: number;
}

/** `name.<hex zxid>` files of a ZooKeeper data dir, oldest first. */
function zxidFiles(names: readonly string[], prefix: string): Array<{ name: string; zxid: number }> {
  return names
    .filter((name) => new RegExp(`^${prefix}\\.[0-9a-f]+$`).test(name))
    .map((name) => ({ name, zxid: Number.parseInt(name.slice(prefix.length + 1), 16) }))
    .sort((a, b) => a.zxid - b.zxid);
}

async function zooKeeperVersionDir(dir: string): Promise<string> {
  const inner = join(dir, 'version-2');
  if ((await stat(inner).catch(() => undefined))?.isDirectory()) return inner;
  return dir;
}

/**
 * Reads a ZooKeeper 3.x data dir (its `version-2`: the newest snapshot that verifies, then the
 * txns after it from the logs, as ZooKeeper recovers) and writes the tree as one zkts snapshot in
 * `targetDir`, which must not hold zkts data yet. `warn` hears about skipped damaged files.
 */
export async function importZooKeeperDataDir(
  sourceDir: string,
  targetDir: string,
  warn: (message: string) => void,
): Promise<ImportSummary> {
  const dir = await zooKeeperVersionDir(sourceDir);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${sourceDir}: ${error.message}`);
  });
  const compressed = names.filter((name) => /^snapshot\.[0-9a-f]+\.(gz|snappy)$/.test(name));
  if (compressed.length > 0) warn(`skipping compressed snapshots (not supported): ${compressed.join(', ')}`);
  const snapshots = zxidFiles(names, 'snapshot');
  const logs = zxidFiles(names, 'log');
  if (snapshots.length === 0 && logs.length === 0) {
    throw new UsageError(`${dir} holds no ZooKeeper snapshot.* or log.* files`);
  }
  const existing = await readdir(join(targetDir, STORAGE_SUBDIR)).catch(() => []);
  if (existing.length > 0)
    throw new UsageError(`${targetDir} already holds zkts data: import into an empty directory`);

  let tree: DataTree | undefined;
  let snapshotName: string | undefined;
  let fromZxid = 0;
  for (const snapshot of [...snapshots].reverse()) {
    try {
      tree = readZooKeeperSnapshot(await readFile(join(dir, snapshot.name)), snapshot.zxid);
      snapshotName = snapshot.name;
      fromZxid = snapshot.zxid;
      break;
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      warn(`skipping ${snapshot.name}: ${error.message}`);
    }
  }
  tree ??= new DataTree();

  // the last log starting at or before the snapshot's zxid may hold txns after it; later ones do
  const firstLog = logs.findLastIndex((log) => log.zxid <= fromZxid);
  let txns = 0;
  let lastZxid = fromZxid;
  for (const log of logs.slice(Math.max(firstLog, 0))) {
    const read = readZooKeeperTxnLog(await readFile(join(dir, log.name)));
    const replay: Txn[] = read.txns.filter((txn) => txn.zxid > lastZxid);
    for (const txn of replay) {
      tree.apply(txn);
      lastZxid = txn.zxid;
      txns++;
    }
    if (read.damage !== undefined) {
      warn(`${log.name}: ${read.damage}; the txns after it are not imported`);
      break;
    }
  }

  const storage = await openFileStorage({ dataDir: targetDir });
  try {
    await storage.snapshots.write(lastZxid, writeSnapshot(tree));
  } finally {
    await storage.close();
  }
  return { snapshot: snapshotName, nodes: tree.nodeCount, txns, lastZxid, sessions: tree.sessions.size };
}
