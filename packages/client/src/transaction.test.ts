import type { ClientResponse, MultiOp, OpResult, Stat } from '@zkts/core';
import { OpCode } from '@zkts/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BadArgumentsError, NodeExistsError } from './errors/error-classes';
import type { ZooKeeperError } from './errors/zookeeper-error';
import { Chroot } from './paths';
import { type CreateOpResult, type GetDataOpResult, type SetDataOpResult, Transaction } from './transaction';

const STAT: Stat = {
  czxid: 1,
  mzxid: 1,
  ctime: 0,
  mtime: 0,
  version: 1,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 0,
  numChildren: 0,
  pzxid: 1,
};

function fakeServer(results: OpResult[]) {
  const sent: Array<{ type: number; ops: MultiOp[] }> = [];
  const send = async (type: typeof OpCode.multi | typeof OpCode.multiRead, ops: MultiOp[]) => {
    sent.push({ type, ops });
    return { type, results } as ClientResponse;
  };
  return { sent, send };
}

describe('Transaction', () => {
  it('types the results per op, in order', async () => {
    const { send } = fakeServer([
      { type: OpCode.create, path: '/app/a' },
      { type: OpCode.setData, stat: STAT },
    ]);
    const results = await new Transaction(new Chroot('/app'), send).create('/a').setData('/b', 'x').commit();
    expectTypeOf(results).toEqualTypeOf<[CreateOpResult, SetDataOpResult]>();
    expect(results).toEqual([
      { type: 'create', path: '/a' },
      { type: 'setData', stat: STAT },
    ]);
  });

  it('sends writes as multi with chrooted paths, and reads-only as multiRead', async () => {
    const writes = fakeServer([{ type: OpCode.check }, { type: OpCode.delete }]);
    await new Transaction(new Chroot('/app'), writes.send).check('/a', 3).delete('/a/b', 2).commit();
    expect(writes.sent).toEqual([
      {
        type: OpCode.multi,
        ops: [
          { type: OpCode.check, path: '/app/a', version: 3 },
          { type: OpCode.delete, path: '/app/a/b', version: 2 },
        ],
      },
    ]);
    const reads = fakeServer([{ type: OpCode.error, err: -101 }]);
    const [only] = await new Transaction(new Chroot(''), reads.send).getData('/x').commit();
    expectTypeOf(only).toEqualTypeOf<GetDataOpResult>();
    expect(reads.sent[0]?.type).toBe(OpCode.multiRead);
    expect(only.type === 'error' && (only.error as ZooKeeperError).code).toBe(-101);
  });

  it('picks the op that really failed (not the rolled-back or never-tried ones) for the error', async () => {
    const { send } = fakeServer([
      { type: OpCode.error, err: 0 },
      { type: OpCode.error, err: -110 },
      { type: OpCode.error, err: -2 },
    ]);
    const error = await new Transaction(new Chroot('/app'), send)
      .create('/a')
      .create('/b')
      .create('/c')
      .commit()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeExistsError);
    expect(error).toMatchObject({ path: '/b', transaction: { index: 1, codes: [0, -110, -2] } });
  });

  it('create modes map to the multi opcodes; TTL carries its ttl', async () => {
    const { sent, send } = fakeServer([
      { type: OpCode.create2, path: '/c', stat: STAT },
      { type: OpCode.create2, path: '/t', stat: STAT },
      { type: OpCode.create2, path: '/s', stat: STAT },
    ]);
    await new Transaction(new Chroot(''), send)
      .create('/c', '', { mode: 'container' })
      .create('/t', '', { mode: 'persistent-with-ttl', ttl: 5 })
      .create('/s', '', { stat: true })
      .commit();
    expect(
      sent[0]?.ops.map((op) => [op.type, (op as { flags?: number }).flags, (op as { ttl?: number }).ttl]),
    ).toEqual([
      [OpCode.createContainer, 4, undefined],
      [OpCode.createTTL, 5, 5],
      [OpCode.create2, 0, undefined],
    ]);
  });

  it('refuses to mix reads and writes', async () => {
    const { send } = fakeServer([]);
    await expect(
      new Transaction(new Chroot(''), send).getData('/a').delete('/a').commit(),
    ).rejects.toBeInstanceOf(BadArgumentsError);
  });
});
