import type { ZabMessage } from './messages';
import type { LogEntry } from './types';

/**
 * How the leader brings a learner to `upTo` (LearnerHandler.syncFollower): a DIFF when the
 * learner's last zxid is in the leader's history; otherwise a TRUNC to the last zxid they share
 * (the learner has txns the leader never had); then every txn it misses as PROPOSAL + COMMIT.
 * `base` is the leader's largest logged zxid ≤ `theirs`; `entries` its log after `base`.
 * `skipTrunc` is the deliberate bug of `ZabFaults`.
 */
export function syncMessages(
  theirs: number,
  base: number,
  entries: readonly LogEntry[],
  upTo: number,
  skipTrunc = false,
): ZabMessage[] {
  const shared = Math.min(base, upTo);
  const out: ZabMessage[] = [];
  if (theirs === shared || skipTrunc) out.push({ type: 'DIFF', zxid: upTo });
  else out.push({ type: 'TRUNC', zxid: shared });
  for (const entry of entries) {
    if (entry.zxid <= shared || entry.zxid > upTo) continue;
    out.push({ type: 'PROPOSAL', entry }, { type: 'COMMIT', zxid: entry.zxid });
  }
  return out;
}
