import { treeDigest } from '@zkts/core';
import { formatZxid, type LogEntry, type PeerId } from '../../src/index';
import type { SimMember } from './sim-member';

/** A broken Zab guarantee, found by the simulation. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

function entryKey(entry: LogEntry): string {
  const p = entry.payload;
  let h = 2166136261;
  for (let i = 0; i < p.length; i++) h = Math.imul(h ^ (p[i] as number), 16777619);
  return `${entry.header.origin}/${entry.header.sessionId}/${entry.header.cxid}/${p.length}/${h >>> 0}`;
}

/**
 * Zab's safety properties, checked as the members act:
 * - one established leader per epoch;
 * - one txn per zxid, everywhere (logs and trees): histories never diverge;
 * - each member applies in zxid order and never skips a committed txn (its history is a prefix
 *   of the one committed order);
 * - every write acknowledged to a client stays durable on a quorum (nothing acked is lost);
 * - members that applied up to the same zxid have identical trees (core's digest).
 */
export class Invariants {
  readonly #leaders = new Map<number, PeerId>();
  readonly #txnAt = new Map<number, string>();
  /** Committed zxids, ascending (commits arrive in order within an epoch; epochs only grow). */
  readonly #committed: number[] = [];
  readonly #committedSet = new Set<number>();
  readonly #acked = new Map<number, string>();
  #digestsDirty = false;

  constructor(
    readonly members: readonly SimMember[],
    readonly quorumSize: number,
  ) {}

  get committedCount(): number {
    return this.#committed.length;
  }

  established(member: SimMember, epoch: number): void {
    const other = this.#leaders.get(epoch);
    if (other !== undefined && other !== member.id)
      throw new InvariantViolation(`two leaders established in epoch ${epoch}: ${other} and ${member.id}`);
    this.#leaders.set(epoch, member.id);
    // the new leader's whole log is now the committed history
    for (const e of [...member.disk.log, ...member.unsynced]) this.#commit(e.zxid);
  }

  logged(member: SimMember, entry: LogEntry): void {
    this.#sameTxn(member, entry);
  }

  applied(member: SimMember, entry: LogEntry, committed: boolean): void {
    this.#sameTxn(member, entry);
    const z = entry.zxid;
    if (z <= member.lastApplied)
      throw new InvariantViolation(
        `member ${member.id} applied ${formatZxid(z)} after ${formatZxid(member.lastApplied)}`,
      );
    const skipped = this.#committedBetween(member.lastApplied, z);
    if (skipped !== undefined)
      throw new InvariantViolation(
        `member ${member.id} applied ${formatZxid(z)} but never committed ${formatZxid(skipped)}`,
      );
    if (committed) this.#commit(z);
    this.#digestsDirty = true;
  }

  rebuilt(member: SimMember, zxid: number): void {
    // every committed txn up to the rebuilt point must still be in its snapshot or log
    for (let i = this.#committed.length - 1; i >= 0; i--) {
      const c = this.#committed[i] as number;
      if (c > zxid) continue;
      if (c <= member.disk.base.zxid) break;
      if (!member.holdsDurably(c) && !member.unsynced.some((e) => e.zxid === c))
        throw new InvariantViolation(
          `member ${member.id} rebuilt at ${formatZxid(zxid)} without committed ${formatZxid(c)}`,
        );
    }
    this.#digestsDirty = true;
  }

  acknowledged(entryZxid: number): void {
    const key = this.#txnAt.get(entryZxid);
    if (key !== undefined) this.#acked.set(entryZxid, key);
    this.#checkDurable(entryZxid);
  }

  /** After anything that can shrink durable state. */
  recheckAcknowledged(): void {
    for (const zxid of this.#acked.keys()) this.#checkDurable(zxid);
  }

  /** Members at the same applied zxid hold identical trees. */
  checkDigests(): void {
    if (!this.#digestsDirty) return;
    this.#digestsDirty = false;
    const byZxid = new Map<number, SimMember[]>();
    for (const m of this.members) {
      if (!m.alive) continue;
      const group = byZxid.get(m.lastApplied) ?? [];
      group.push(m);
      byZxid.set(m.lastApplied, group);
    }
    for (const [zxid, group] of byZxid) {
      if (group.length < 2) continue;
      const first = treeDigest((group[0] as SimMember).tree);
      for (const m of group.slice(1)) {
        if (treeDigest(m.tree) !== first)
          throw new InvariantViolation(
            `members ${(group[0] as SimMember).id} and ${m.id} applied up to ${formatZxid(zxid)} but their trees differ`,
          );
      }
    }
  }

  #checkDurable(zxid: number): void {
    // observers' disks do not count: only voters form the quorum that must keep it
    let holders = 0;
    for (const m of this.members) if (m.config.voters.includes(m.id) && m.holdsDurably(zxid)) holders++;
    if (holders < this.quorumSize)
      throw new InvariantViolation(
        `acknowledged write ${formatZxid(zxid)} is durable on ${holders} members only (quorum ${this.quorumSize})`,
      );
  }

  #sameTxn(member: SimMember, entry: LogEntry): void {
    const key = entryKey(entry);
    const known = this.#txnAt.get(entry.zxid);
    if (known === undefined) this.#txnAt.set(entry.zxid, key);
    else if (known !== key)
      throw new InvariantViolation(`member ${member.id} has a different txn at ${formatZxid(entry.zxid)}`);
  }

  #commit(zxid: number): void {
    if (this.#committedSet.has(zxid)) return;
    this.#committedSet.add(zxid);
    const list = this.#committed;
    let i = list.length;
    while (i > 0 && (list[i - 1] as number) > zxid) i--;
    list.splice(i, 0, zxid);
  }

  #committedBetween(after: number, before: number): number | undefined {
    const list = this.#committed;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) <= after) lo = mid + 1;
      else hi = mid;
    }
    const next = list[lo];
    return next !== undefined && next < before ? next : undefined;
  }
}
