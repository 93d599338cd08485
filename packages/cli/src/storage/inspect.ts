import { open } from 'node:fs/promises';
import { decodeTxn, readSnapshotStream } from '@zkts/core';
import { readSegmentFile, readSnapshotFile } from '@zkts/storage';
import { UsageError } from '../server-command';
import { dataText } from '../shell/data-text';
import { formatStat } from '../shell/zk-format';
import { txnText } from './txn-text';

async function magicOf(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const bytes = new Uint8Array(4);
    const { bytesRead } = await file.read(bytes, 0, 4, 0);
    return new TextDecoder('latin1').decode(bytes.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/** Prints a txn log segment: one line per txn (as ZooKeeper's LogFormatter). Returns 1 if damaged. */
export async function inspectLogSegment(path: string, out: (line: string) => void): Promise<number> {
  let count = 0;
  for await (const item of readSegmentFile(path)) {
    switch (item.kind) {
      case 'header':
        out(`zkts txn log segment ${path} (first zxid 0x${item.baseZxid.toString(16)})`);
        break;
      case 'entry':
        count++;
        try {
          out(txnText(decodeTxn(item.data)));
        } catch (error) {
          out(
            `zxid 0x${item.zxid.toString(16)}: undecodable txn (${error instanceof Error ? error.message : error})`,
          );
        }
        break;
      case 'end':
        out(`EOF reached after ${count} txns (end at offset ${item.offset})`);
        return 0;
      case 'damaged':
        out(`damaged at offset ${item.offset} after ${count} txns: ${item.reason}`);
        return 1;
    }
  }
  return 0;
}

/** Prints a snapshot: every znode with its Stat, then the sessions (as ZooKeeper's SnapshotFormatter). */
export async function inspectSnapshot(
  path: string,
  out: (line: string) => void,
  withData: boolean,
): Promise<number> {
  const snapshot = readSnapshotFile(path);
  if (snapshot === undefined) throw new UsageError(`${path}: a snapshot's name is snapshot.<hex zxid>`);
  const tree = await readSnapshotStream(snapshot.chunks);
  out(`zkts snapshot ${path} (zxid 0x${snapshot.zxid.toString(16)})`);
  out(`ZNode Details (count=${tree.nodes.size}):`);
  for (const path of [...tree.nodes.keys()].sort()) {
    const stat = tree.stat(path);
    const node = tree.node(path);
    if (stat === undefined || node === undefined) continue;
    out('----');
    out(path);
    for (const line of formatStat(stat)) out(`  ${line}`);
    if (withData) out(`  data = ${dataText(node.data)}`);
  }
  out('----');
  out('Session Details (sid, timeout, ephemeralCount):');
  for (const [sessionId, timeout] of tree.knownSessions()) {
    const count = tree.ephemerals.get(sessionId)?.size ?? 0;
    out(`0x${BigInt.asUintN(64, sessionId).toString(16)}, ${timeout}, ${count}`);
  }
  return 0;
}

/** `inspect <file>`: a segment or a snapshot, told apart by the file's magic bytes. */
export async function inspectFile(
  path: string,
  out: (line: string) => void,
  withData: boolean,
): Promise<number> {
  const magic = await magicOf(path);
  if (magic === 'ZKTL') return inspectLogSegment(path, out);
  if (magic === 'ZKTS') return inspectSnapshot(path, out, withData);
  throw new UsageError(
    `${path} is neither a zkts log segment nor a zkts snapshot (they are in <dataDir>/zkts-v1)`,
  );
}
