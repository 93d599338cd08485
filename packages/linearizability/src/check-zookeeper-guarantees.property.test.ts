import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check-linearizable';
import { checkZooKeeperGuarantees } from './check-zookeeper-guarantees';
import type { HistoryOp, ZkInput, ZkOutput, ZkSessionInput } from './history';
import { executeZk, mulberry32 } from './simulated-register-history';
import { type ZkRegisterState, zkRegisterModel } from './zk-register-model';

type Op = HistoryOp<ZkSessionInput, ZkOutput>;

interface Pending {
  op: Op;
  /** For updates: the zxid once the leader committed it. */
  zxid?: number;
  /** For syncs: the leader's zxid when the sync reached it. */
  covers?: number;
}

/**
 * A toy ensemble that keeps ZooKeeper's promises: a leader commits updates in order, members
 * apply that log at their own pace, each session reads from its member, moves only to members
 * at least as fresh as what it saw, and a sync waits for its member to catch up with the leader.
 */
function simulateEnsemble(random: () => number, steps: number): Op[] {
  const pick = (n: number) => Math.floor(random() * n);
  const paths = ['/a', '/b'];
  const log: { path: string; state: ZkRegisterState }[] = [{ path: '', state: undefined }]; // zxid = index
  const leaderState = new Map<string, ZkRegisterState>();
  const applied = [0, 0, 0];
  const sessions = Array.from({ length: 4 }, (_, client) => ({
    client,
    member: client % 3,
    seen: 0,
    pending: undefined as Pending | undefined,
  }));
  const stateAt = (path: string, zxid: number): ZkRegisterState => {
    for (let z = zxid; z > 0; z--) if (log[z]!.path === path) return log[z]!.state;
    return undefined;
  };
  const history: Op[] = [];
  const uncommitted: Pending[] = [];
  for (let now = 1; now <= steps; now++) {
    const session = sessions[pick(sessions.length)]!;
    const member = pick(applied.length);
    const action = random();
    if (action < 0.2) {
      applied[member] = Math.min(log.length - 1, applied[member]! + 1 + pick(3));
    } else if (action < 0.35) {
      const update = uncommitted.splice(pick(uncommitted.length), 1)[0];
      if (update !== undefined) {
        const path = update.op.input.path;
        if (update.op.input.kind !== 'read' && update.op.input.kind !== 'sync') {
          const { next, output } = executeZk(leaderState.get(path), update.op.input);
          leaderState.set(path, next);
          log.push({ path, state: next });
          update.zxid = log.length - 1;
          if (update.op.ret !== Number.POSITIVE_INFINITY) update.op.output = { ...output, zxid: update.zxid };
        }
      }
    } else if (action < 0.4) {
      if (applied[member]! >= session.seen) session.member = member;
    } else if (session.pending === undefined) {
      const path = paths[pick(paths.length)]!;
      const roll = random();
      const input: ZkSessionInput =
        roll < 0.45
          ? { kind: 'read', path }
          : roll < 0.55
            ? { kind: 'sync', path }
            : roll < 0.75
              ? { kind: 'write', path, value: `v${now}` }
              : roll < 0.9
                ? { kind: 'create', path, value: `v${now}` }
                : { kind: 'delete', path };
      const op: Op = { client: session.client, call: now, ret: now, input, output: undefined };
      history.push(op);
      session.pending = input.kind === 'sync' ? { op, covers: log.length - 1 } : { op };
      if (input.kind !== 'read' && input.kind !== 'sync') uncommitted.push(session.pending);
    } else {
      const { op, zxid, covers } = session.pending;
      const here = applied[session.member]!;
      if (random() < 0.05) {
        op.ret = Number.POSITIVE_INFINITY; // connection lost: the update may still commit
        session.pending = undefined;
        continue;
      }
      let output: ZkOutput | undefined;
      if (op.input.kind === 'read') {
        if (here >= session.seen) {
          const { output: result } = executeZk(stateAt(op.input.path, here), op.input);
          output = { ...result, zxid: here };
        }
      } else if (op.input.kind === 'sync') {
        if (here >= (covers ?? 0) && here >= session.seen) output = { ok: true, zxid: here };
      } else if (zxid !== undefined && here >= zxid) {
        output = op.output;
      }
      if (output === undefined) continue;
      op.output = output;
      op.ret = now;
      session.seen = Math.max(session.seen, output.zxid ?? 0);
      session.pending = undefined;
    }
  }
  // Still pending at the end: outcome unknown.
  for (const session of sessions)
    if (session.pending !== undefined) session.pending.op.ret = Number.POSITIVE_INFINITY;
  for (const op of history) if (op.ret === Number.POSITIVE_INFINITY) op.output = undefined;
  return history;
}

const seed = fc.integer({ min: 0, max: 0x7fffffff });

describe('checkZooKeeperGuarantees properties', () => {
  it('accepts every history of an ensemble that keeps the promises', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const result = checkZooKeeperGuarantees(simulateEnsemble(mulberry32(s), 400));
        expect(result.outcome === 'illegal' ? result.message : result.outcome).toBe('ok');
      }),
      { numRuns: 80 },
    );
  });

  it('produces stale reads that plain linearizability rejects (so the property above is not vacuous)', () => {
    const withoutSyncs = (history: Op[]) =>
      history.flatMap((op): HistoryOp<ZkInput, ZkOutput>[] =>
        op.input.kind === 'sync' ? [] : [{ ...op, input: op.input }],
      );
    const rejected = Array.from({ length: 20 }, (_, s) => simulateEnsemble(mulberry32(s), 400)).filter(
      (history) => checkLinearizable(zkRegisterModel, withoutSyncs(history)).outcome === 'illegal',
    );
    expect(rejected.length).toBeGreaterThan(5);
  });

  it('rejects the history once a session read is served from before what it had seen', () => {
    fc.assert(
      fc.property(seed, fc.nat(), (s, which) => {
        const history = simulateEnsemble(mulberry32(s), 400);
        const seen = new Map<number, number>();
        const candidates: { op: Op; before: number }[] = [];
        for (const op of [...history].sort((a, b) => a.call - b.call)) {
          const zxid = op.output?.zxid;
          if (zxid === undefined) continue;
          const before = seen.get(op.client) ?? 0;
          if (op.input.kind === 'read' && before > 0) candidates.push({ op, before });
          seen.set(op.client, Math.max(before, zxid));
        }
        fc.pre(candidates.length > 0);
        const { op, before } = candidates[which % candidates.length]!;
        op.output = { ...op.output!, zxid: before - 1 };
        expect(checkZooKeeperGuarantees(history).outcome).toBe('illegal');
      }),
      { numRuns: 80 },
    );
  });

  it('rejects the history once a read reports a value nobody wrote', () => {
    fc.assert(
      fc.property(seed, fc.nat(), (s, which) => {
        const history = simulateEnsemble(mulberry32(s), 400);
        const reads = history.filter((op) => op.input.kind === 'read' && op.output?.ok === true);
        fc.pre(reads.length > 0);
        const victim = reads[which % reads.length]!;
        victim.output = { ok: true, value: 'never-written', zxid: victim.output?.zxid ?? 0 };
        const result = checkZooKeeperGuarantees(history);
        expect(result.outcome === 'illegal' && result.guarantee).toBe('state');
      }),
      { numRuns: 80 },
    );
  });
});
