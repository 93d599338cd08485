import type { SessionTouch, ZabMessage } from './messages';
import type { LogEntry, PeerId, Role, TxnHeader } from './types';

export interface Outbound {
  to: PeerId;
  message: ZabMessage;
}

/**
 * A txn to apply to the tree. `committed` false: a replay of logged txns not known to be committed
 * (ZooKeeper's fastForwardDataBase before an election): apply it but answer no client for it; a
 * later leader that never had it TRUNCs it and the host rebuilds its tree.
 */
export interface ApplyTxn {
  entry: LogEntry;
  committed: boolean;
}

export type EpochName = 'acceptedEpoch' | 'currentEpoch';

export interface EpochWrite {
  name: EpochName;
  epoch: number;
}

export interface PeerStatus {
  role: Role;
  /** The leader followed or being, null while LOOKING. */
  leader: PeerId | null;
  /** The epoch in force (currentEpoch once synced). */
  epoch: number;
  /** LEADING: a quorum acked NEWLEADER. FOLLOWING/OBSERVING: UPTODATE received. */
  established: boolean;
}

/** Work the peer hands to the host that is not plain persistence. */
export type HostRequest =
  /** Leader: serialize the tree (it has applied exactly up to `zxid`) and call `snapshotTaken`. */
  | { kind: 'takeSnapshot'; for: PeerId; zxid: number }
  /** Leader: read the log for a DIFF, then call `logRead(for, …)` (see there). */
  | { kind: 'readLog'; for: PeerId; after: number }
  /** Leader: a learner forwarded a client write; prep it and `propose` the txn. */
  | { kind: 'request'; from: PeerId; header: TxnHeader; payload: Uint8Array }
  /** Leader: sessions a learner saw alive; touch them in the session tracker. */
  | { kind: 'touchSessions'; from: PeerId; touches: SessionTouch[] }
  /** Leader: is this session valid? Answer with `revalidated`. */
  | { kind: 'revalidate'; from: PeerId; sessionId: bigint; timeout: number }
  /** Leader: this learner was dropped (unheard, or behind by syncLimit): close the link to it. */
  | { kind: 'disconnect'; peer: PeerId }
  /** Learner: the leader's answer to our `revalidate`. */
  | { kind: 'revalidated'; sessionId: bigint; timeout: number; valid: boolean }
  /**
   * Learner: the answer to `sync(token)`: every txn the leader had proposed when it saw the
   * question is committed and, in this batch or an earlier one, applied (step 5 comes first).
   */
  | { kind: 'synced'; token: number };

/**
 * One batch of work for the host. The host MUST handle the fields in this order, each step
 * finished before the next:
 *   1. `persistEpochs`: write each durably, then call `epochStored(name, epoch)`.
 *   2. `truncate`: drop log entries above the zxid (durably), rebuild the tree from what remains
 *      (every remaining entry applied), then call `truncated(zxid)`.
 *   3. `installSnapshot`: replace tree and log by the snapshot (durably), call `snapshotInstalled`.
 *   4. `entries`: append to the log in order; once they are durable (now or after a later group
 *      fsync) call `persisted(lastDurableZxid)`.
 *   5. `apply`: apply to the tree in this order (zxid order); answer clients only for `committed`.
 *   6. `messages`: send, each link in order.
 *   7. `hostRequests`: serve them; answers are new inputs.
 * No message here depends on a write in the same batch: an ACK, ACKEPOCH or NEWLEADER-ack is
 * only created by `persisted` / `epochStored`, i.e. after the host reported the write durable.
 * `state` is set when role, leader, epoch or establishment changed.
 */
export interface Ready {
  state: PeerStatus | undefined;
  persistEpochs: EpochWrite[];
  truncate: number | undefined;
  installSnapshot: { zxid: number; snapshot: Uint8Array } | undefined;
  entries: LogEntry[];
  apply: ApplyTxn[];
  messages: Outbound[];
  hostRequests: HostRequest[];
}

export function emptyReady(): Ready {
  return {
    state: undefined,
    persistEpochs: [],
    truncate: undefined,
    installSnapshot: undefined,
    entries: [],
    apply: [],
    messages: [],
    hostRequests: [],
  };
}

export function readyIsEmpty(ready: Ready): boolean {
  return (
    ready.state === undefined &&
    ready.persistEpochs.length === 0 &&
    ready.truncate === undefined &&
    ready.installSnapshot === undefined &&
    ready.entries.length === 0 &&
    ready.apply.length === 0 &&
    ready.messages.length === 0 &&
    ready.hostRequests.length === 0
  );
}
