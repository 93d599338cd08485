import { OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import type { PendingWrite, WriteWaiter } from './pending-write';
import { WaitingWrites } from './waiting-writes';

const waiter: WriteWaiter = { writeApplied: () => {}, writeAbandoned: () => {} };

function write(sessionId: bigint, cxid: number): PendingWrite {
  return {
    origin: { kind: 'local', waiter },
    sessionId,
    cxid,
    request: { type: OpCode.closeSession },
    authIds: [],
    txn: undefined,
  };
}

describe('WaitingWrites', () => {
  it('matches a committed txn to the oldest waiting write of its session, by cxid', () => {
    const waiting = new WaitingWrites();
    const a1 = write(1n, 1);
    const a2 = write(1n, 2);
    const b1 = write(2n, 1);
    waiting.add(a1);
    waiting.add(a2);
    waiting.add(b1);
    expect(waiting.size).toBe(3);
    // a commit for a cxid that is not the session's oldest is not this server's write
    expect(waiting.take(1n, 2)).toBeUndefined();
    expect(waiting.take(1n, 1)).toBe(a1);
    expect(waiting.take(2n, 1)).toBe(b1);
    expect(waiting.take(1n, 2)).toBe(a2);
    expect(waiting.take(3n, 1)).toBeUndefined();
    expect(waiting.size).toBe(0);
  });

  it('gives back what a closed session or a lost leader leaves waiting', () => {
    const waiting = new WaitingWrites();
    const writes = [write(1n, 1), write(1n, 2), write(2n, 7)];
    for (const w of writes) waiting.add(w);
    expect(waiting.dropSession(1n)).toEqual(writes.slice(0, 2));
    expect(waiting.size).toBe(1);
    expect(waiting.drain()).toEqual([writes[2]]);
    expect(waiting.size).toBe(0);
  });
});
