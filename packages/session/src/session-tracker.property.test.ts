import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionTracker } from './session-tracker';

/**
 * Random create / touch / advance-time / expire sequences, checked against a naive model that
 * knows only each session's last accepted touch and timeout (no buckets). Bucketing may delay
 * an expiry by up to one tick but must never bring it forward:
 *   - a session is never expired (or refused) before last touch + timeout, and
 *   - it is always expired (and refused) once last touch + timeout + tickTime has passed.
 * Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>) from the printed report.
 */
const replay = {
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
};

type Step =
  | { kind: 'create'; requestedTimeout: number }
  | { kind: 'touch'; pick: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'expire' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), requestedTimeout: fc.integer({ min: 0, max: 60_000 }) }),
  fc.record({ kind: fc.constant('touch' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 12_000 }) }),
  fc.constant({ kind: 'expire' as const }),
);

interface ModelSession {
  id: bigint;
  timeout: number;
  lastTouch: number;
  expired: boolean;
}

describe('SessionTracker expiry against a bucket-free model', () => {
  it('expires every session after timeout and within timeout + tickTime of its last touch', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(step, { maxLength: 120 }),
        (tickTime, start, steps) => {
          const tracker = new SessionTracker({ serverId: 1, tickTime, now: 1_700_000_000_000 });
          const model: ModelSession[] = [];
          let now = start;
          for (const s of steps) {
            switch (s.kind) {
              case 'create': {
                const { sessionId, timeout } = tracker.createSession(s.requestedTimeout, now);
                model.push({ id: sessionId, timeout, lastTouch: now, expired: false });
                break;
              }
              case 'touch': {
                const session = model[s.pick % Math.max(model.length, 1)];
                if (!session) break;
                const accepted = tracker.touch(session.id, now);
                const deadline = session.lastTouch + session.timeout;
                if (session.expired || now >= deadline + tickTime) expect(accepted).toBe(false);
                else if (now <= deadline) expect(accepted).toBe(true);
                if (accepted) session.lastTouch = now;
                break;
              }
              case 'advance':
                now += s.ms;
                break;
              case 'expire': {
                const expired = new Set(tracker.expire(now));
                for (const session of model) {
                  const deadline = session.lastTouch + session.timeout;
                  if (expired.has(session.id)) {
                    expect(session.expired).toBe(false); // reported once
                    expect(now).toBeGreaterThan(deadline); // never early
                    session.expired = true;
                  } else if (!session.expired) {
                    expect(now).toBeLessThan(deadline + tickTime); // never late
                  }
                }
                const live = model.filter((session) => !session.expired);
                const next = tracker.nextExpiryTime();
                if (live.length === 0) expect(next).toBeUndefined();
                else {
                  const earliest = Math.min(...live.map((x) => x.lastTouch + x.timeout));
                  expect(next).toBeGreaterThan(earliest);
                  expect(next).toBeLessThanOrEqual(earliest + tickTime);
                }
                break;
              }
            }
          }
        },
      ),
      { numRuns: 300, ...replay },
    );
  });
});
