import type { PreparedWrite, WriteStage } from './pending-write';

/**
 * Decides when a logged txn is committed. Standalone is an ensemble with a quorum of one: the
 * local log is the only vote, so a txn is committed as soon as the log stage passes it on.
 * On an ensemble, Zab's leader puts propose → ack → commit here instead (the leader's own log
 * stage is one ack among the quorum), and followers commit on the leader's COMMIT.
 */
export class CommitStage implements WriteStage {
  constructor(private readonly next: WriteStage) {}

  accept(write: PreparedWrite): void {
    this.next.accept(write);
  }
}
