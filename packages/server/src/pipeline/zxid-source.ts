/**
 * Hands out the zxid of each new txn. Standalone counts up from the recovered zxid; on an
 * ensemble the leader's Zab gives `epoch << 32 | counter`. Prep asks for one zxid per write,
 * failed writes included (ZooKeeper logs them as ErrorTxns).
 */
export interface ZxidSource {
  /** The next zxid, strictly greater than every one handed out before. */
  next(): number;
  /** The last zxid handed out (or recovered). */
  readonly last: number;
}

/** Standalone: `lastZxid + 1`, `+ 2`, … (the epoch stays whatever the log holds). */
export class CountingZxidSource implements ZxidSource {
  constructor(public last: number) {}

  next(): number {
    return ++this.last;
  }
}
