import { OpCode } from '../constants';
import type { DataTree } from './data-tree';
import { EphemeralKind, ephemeralKind, ttlOf } from './ephemeral-type';
import type { DeleteContainerRequest } from './prep';

export interface ReapOptions {
  /**
   * `znode.container.maxNeverUsedIntervalMs`: also reap containers that never had a child once
   * unmodified this long. 0 (the 3.8 default) never reaps them.
   */
  maxNeverUsedIntervalMs?: number;
  /** At most this many candidates (`znode.container.maxPerMinute` pacing is the host's job). */
  limit?: number;
}

/**
 * ZooKeeper's ContainerManager.getCandidates: empty containers that once had a child (or, with
 * maxNeverUsedIntervalMs, were never used for that long), and childless TTL nodes not modified
 * for longer than their TTL. Returns deleteContainer requests for the normal write pipeline,
 * whose prep re-checks emptiness, so a child created in between saves the node.
 */
export function reapCandidates<W>(
  tree: DataTree<W>,
  now: number,
  options: ReapOptions = {},
): DeleteContainerRequest[] {
  const neverUsed = options.maxNeverUsedIntervalMs ?? 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const out: DeleteContainerRequest[] = [];
  for (const path of tree.containers) {
    if (out.length >= limit) return out;
    const node = tree.nodes.get(path);
    if (node === undefined || node.numChildren !== 0) continue;
    // the persisted cversion counts child creations: > 0 means it had a child once
    if (node.cversion > 0 || (neverUsed !== 0 && now - node.mtime > neverUsed)) {
      out.push({ type: OpCode.deleteContainer, path });
    }
  }
  for (const path of tree.ttls) {
    if (out.length >= limit) return out;
    const node = tree.nodes.get(path);
    if (node === undefined || node.numChildren !== 0) continue;
    if (ephemeralKind(node.owner) !== EphemeralKind.ttl) continue;
    const ttl = ttlOf(node.owner);
    if (ttl !== 0 && now - node.mtime > ttl) out.push({ type: OpCode.deleteContainer, path });
  }
  return out;
}
