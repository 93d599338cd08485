import { encodeTxn, type Txn } from '@zkts/core';
import type { TxnHeader, ZabPeer } from '@zkts/zab';
import { type PreparedWrite, type WriteStage, waiterOf } from './pending-write';

/**
 * A Zab leader's commit stage, first half: each prepared txn becomes a proposal (logged here by
 * the host's Ready loop, sent to the followers, committed by the peer once a quorum logged it).
 * The writes a client of this member waits for are kept by zxid until their commit is applied.
 */
export class ProposeStage implements WriteStage {
  /** Local writes proposed and not yet applied, by zxid. */
  readonly waiting = new Map<number, PreparedWrite>();
  /**
   * Every txn proposed and not yet applied, in zxid order: the leader applies these, not a
   * decoded copy. Commits come in the same order, so this is a queue, not a map.
   */
  #proposed: Txn[] = [];
  #applied = 0;

  constructor(
    private readonly peer: ZabPeer,
    private readonly me: number,
  ) {}

  accept(write: PreparedWrite): void {
    const origin = write.origin;
    const header: TxnHeader = {
      origin: origin.kind === 'remote' ? origin.memberId : this.me,
      sessionId: write.sessionId,
      cxid: write.cxid,
    };
    const zxid = this.peer.propose(header, encodeTxn(write.txn));
    if (zxid === null) {
      // leadership is gone (or the counter rolled over): the client sees a connection loss
      waiterOf(write)?.writeAbandoned(write);
      return;
    }
    if (zxid !== write.txn.zxid) throw new Error(`bug: prepped zxid ${write.txn.zxid}, proposed as ${zxid}`);
    this.#proposed.push(write.txn);
    if (origin.kind === 'local') this.waiting.set(zxid, write);
  }

  /** Whether a local write of this session was proposed and is not applied yet. */
  hasSession(sessionId: bigint): boolean {
    for (const write of this.waiting.values()) if (write.sessionId === sessionId) return true;
    return false;
  }

  /** The txn this leader proposed as `zxid` (once: it is applied then). */
  takeTxn(zxid: number): Txn | undefined {
    const proposed = this.#proposed;
    while (this.#applied < proposed.length && proposed[this.#applied]!.zxid < zxid) this.#applied++;
    const txn = proposed[this.#applied];
    if (txn === undefined || txn.zxid !== zxid) return undefined;
    this.#applied++;
    if (this.#applied > 1024 && this.#applied * 2 > proposed.length) {
      this.#proposed = proposed.slice(this.#applied);
      this.#applied = 0;
    }
    return txn;
  }

  /** The local write this committed zxid answers, if any. */
  take(zxid: number): PreparedWrite | undefined {
    const write = this.waiting.get(zxid);
    if (write !== undefined) this.waiting.delete(zxid);
    return write;
  }
}
