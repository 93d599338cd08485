import { encodeTxn, type Txn } from '@zkts/core';
import type { TxnHeader, ZabPeer } from '@zkts/zab';
import { type PreparedWrite, type WriteStage, waiterOf } from './pending-write';

/** A proposal not applied yet: its txn, and the local client's write until it is answered. */
export interface Proposal {
  readonly txn: Txn;
  write: PreparedWrite | undefined;
}

/**
 * A Zab leader's commit stage, first half: each prepared txn becomes a proposal (logged here by
 * the host's Ready loop, sent to the followers, committed by the peer once a quorum logged it).
 * Proposals wait here until their commit is applied: the leader applies the txn it prepped, not
 * a decoded copy, and answers the write a client of this member sent.
 */
export class ProposeStage implements WriteStage {
  /** Every proposal not yet applied, in zxid order: commits come in the same order, so a queue. */
  #proposals: Proposal[] = [];
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
    this.#proposals.push({ txn: write.txn, write: origin.kind === 'local' ? write : undefined });
  }

  /** Whether a local write of this session was proposed and is not applied yet. */
  hasSession(sessionId: bigint): boolean {
    const proposals = this.#proposals;
    for (let i = this.#applied; i < proposals.length; i++)
      if (proposals[i]!.write?.sessionId === sessionId) return true;
    return false;
  }

  /** The proposal committed as `zxid` (once: it is applied then). */
  take(zxid: number): Proposal | undefined {
    const proposals = this.#proposals;
    while (this.#applied < proposals.length && proposals[this.#applied]!.txn.zxid < zxid) this.#applied++;
    const proposal = proposals[this.#applied];
    if (proposal === undefined || proposal.txn.zxid !== zxid) return undefined;
    this.#applied++;
    if (this.#applied > 1024 && this.#applied * 2 > proposals.length) {
      this.#proposals = proposals.slice(this.#applied);
      this.#applied = 0;
    }
    return proposal;
  }

  /** The local writes still waiting, handed over once (their clients are being dropped). */
  abandonWrites(): PreparedWrite[] {
    const abandoned: PreparedWrite[] = [];
    for (let i = this.#applied; i < this.#proposals.length; i++) {
      const proposal = this.#proposals[i]!;
      if (proposal.write !== undefined) abandoned.push(proposal.write);
      proposal.write = undefined;
    }
    return abandoned;
  }
}
