import type { LogEntry } from './types';

/**
 * The tail of this member's log kept in memory (ZooKeeper's committedLog, commitLogCount 500):
 * what a leader DIFFs from without asking its host to read the disk. `base` is the zxid just
 * before the first kept entry, so any learner at or after it can be served from here.
 */
export class CommittedLog {
  #entries: LogEntry[] = [];
  #base: number;

  constructor(
    lastLogged: number,
    readonly window: number,
  ) {
    this.#base = lastLogged;
  }

  get base(): number {
    return this.#base;
  }

  append(entry: LogEntry): void {
    this.#entries.push(entry);
    // trim in bulk, down to the window, once twice as long: amortised O(1) per append
    if (this.#entries.length > this.window * 2) {
      const drop = this.#entries.length - this.window;
      this.#base = (this.#entries[drop - 1] as LogEntry).zxid;
      this.#entries.splice(0, drop);
    }
  }

  truncate(zxid: number): void {
    this.#entries = this.#entries.filter((e) => e.zxid <= zxid);
    if (this.#base > zxid) this.reset(zxid);
  }

  /** Forget everything: the log now ends at `zxid` (after a snapshot install, or a truncation below the window). */
  reset(zxid: number): void {
    this.#entries = [];
    this.#base = zxid;
  }

  /**
   * For a learner whose last zxid is `theirs`: the last zxid we share with it (`base`) and our
   * entries after that up to `upTo`; undefined when `theirs` is older than the window.
   */
  after(theirs: number, upTo: number): { base: number; entries: LogEntry[] } | undefined {
    if (theirs < this.#base) return undefined;
    let base = this.#base;
    const entries: LogEntry[] = [];
    for (const e of this.#entries) {
      if (e.zxid <= theirs) base = e.zxid;
      else if (e.zxid <= upTo) entries.push(e);
    }
    return { base, entries };
  }
}
