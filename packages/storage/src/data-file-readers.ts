import { basename, dirname } from 'node:path';
import type { Disk } from './disk';
import { FileSnapshotStore } from './file-snapshot-store';
import { SEGMENT_HEADER_SIZE } from './log-format';
import { nodeDisk } from './node-disk';
import { SegmentReader } from './segment-reader';
import { parseSnapshotFileName } from './snapshot-format';

/** What reading one log segment file finds, in file order (for tools such as `zkts storage inspect`). */
export type SegmentFileItem =
  | { kind: 'header'; baseZxid: number }
  | { kind: 'entry'; offset: number; zxid: number; data: Uint8Array }
  /** The end marker (zeros or end of file) at `offset`. */
  | { kind: 'end'; offset: number }
  /** Neither a record nor the end: reading stops here. */
  | { kind: 'damaged'; offset: number; reason: string };

/**
 * Reads one txn log segment file as it is on disk, without opening (and so without repairing or
 * cutting) the log it belongs to. A bad header yields `damaged` at offset 0.
 */
export async function* readSegmentFile(path: string, disk: Disk = nodeDisk): AsyncGenerator<SegmentFileItem> {
  const file = await disk.open(path, 'read');
  try {
    const reader = new SegmentReader(file, await file.size());
    const header = await reader.header();
    if ('problem' in header) {
      yield { kind: 'damaged', offset: 0, reason: header.problem };
      return;
    }
    yield { kind: 'header', baseZxid: header.baseZxid };
    let offset = SEGMENT_HEADER_SIZE;
    let previous = 0;
    for (;;) {
      const step = await reader.step(offset, previous);
      if (step.kind === 'end') {
        yield { kind: 'end', offset: step.offset };
        return;
      }
      if (step.kind === 'damaged') {
        yield { kind: 'damaged', offset: step.offset, reason: step.reason };
        return;
      }
      yield { kind: 'entry', offset: step.offset, zxid: step.zxid, data: step.data.slice() };
      previous = step.zxid;
      offset = step.next;
    }
  } finally {
    await file.close();
  }
}

/**
 * One snapshot file's zxid (from its name) and its chunks, verified as they are read: the
 * iteration throws StorageError SNAPSHOT_CORRUPT on damage.
 */
export function readSnapshotFile(
  path: string,
  disk: Disk = nodeDisk,
): { zxid: number; chunks: AsyncIterable<Uint8Array> } | undefined {
  const zxid = parseSnapshotFileName(basename(path));
  if (zxid === undefined) return undefined;
  const store = new FileSnapshotStore(disk, dirname(path), false, () => {});
  return { zxid, chunks: store.read(zxid) };
}
