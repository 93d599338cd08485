import type { SetWatchesRequest } from '@zkts/core';
import { OpCode } from '@zkts/core';
import type { WatchedPaths } from './watch-registry';

/**
 * The Java client keeps each re-registration request under 128 KB of path bytes
 * (SET_WATCHES_MAX_LENGTH) so no frame nears jute.maxbuffer however many watches a session has.
 */
export const SET_WATCHES_MAX_LENGTH = 128 * 1024;

export interface SetWatchesBatch {
  type: typeof OpCode.setWatches | typeof OpCode.setWatches2;
  request: SetWatchesRequest;
}

/**
 * Splits the watched paths into setWatches requests (setWatches2 when any persistent watch
 * exists, as only it carries them), each holding at most `maxLength` bytes of paths (counted as
 * UTF-8 bytes plus their 4-byte length prefix). A path longer than the limit still goes alone.
 */
export function setWatchesBatches(
  paths: WatchedPaths,
  relativeZxid: number,
  maxLength = SET_WATCHES_MAX_LENGTH,
): SetWatchesBatch[] {
  const withPersistent = paths.persistent.length > 0 || paths.recursive.length > 0;
  const type = withPersistent ? OpCode.setWatches2 : OpCode.setWatches;
  const lists = [
    ['dataWatches', paths.data],
    ['existWatches', paths.exist],
    ['childWatches', paths.child],
    ['persistentWatches', paths.persistent],
    ['persistentRecursiveWatches', paths.recursive],
  ] as const;
  const batches: SetWatchesBatch[] = [];
  let current = emptyRequest(relativeZxid);
  let length = 0;
  let count = 0;
  for (const [field, list] of lists) {
    for (const path of list) {
      const size = Buffer.byteLength(path) + 4;
      if (count > 0 && length + size > maxLength) {
        batches.push({ type, request: current });
        current = emptyRequest(relativeZxid);
        length = 0;
        count = 0;
      }
      current[field].push(path);
      length += size;
      count++;
    }
  }
  if (count > 0) batches.push({ type, request: current });
  return batches;
}

function emptyRequest(relativeZxid: number): SetWatchesRequest {
  return {
    relativeZxid,
    dataWatches: [],
    existWatches: [],
    childWatches: [],
    persistentWatches: [],
    persistentRecursiveWatches: [],
  };
}
