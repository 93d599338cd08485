import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { DecodeError, NULL_DATA } from './binary';
import { fcParams, stepArb } from './test-arbitraries';
import { bytes, Harness, open } from './test-harness';
import type { Txn } from './txn';
import { decodeTxn, encodeTxn } from './txn-codec';

const header = { sessionId: -0x7fffffffffffffffn, cxid: -5, zxid: 2 ** 40 + 3, time: 1_795_738_142_970 };

describe('txn codec', () => {
  it('round-trips every txn type exactly', () => {
    const txns: Txn[] = [
      {
        ...header,
        body: {
          type: OpCode.create,
          path: '/a/ü',
          data: bytes('x'),
          acl: open(),
          ephemeral: true,
          parentCVersion: -2147483648,
        },
      },
      {
        ...header,
        body: {
          type: OpCode.create2,
          path: '/a',
          data: new Uint8Array(0),
          acl: [],
          ephemeral: false,
          parentCVersion: 7,
        },
      },
      {
        ...header,
        body: { type: OpCode.createContainer, path: '/c', data: bytes('d'), acl: open(), parentCVersion: 1 },
      },
      {
        ...header,
        body: {
          type: OpCode.createTTL,
          path: '/t',
          data: bytes('d'),
          acl: open(),
          parentCVersion: 1,
          ttl: 2 ** 40 - 1,
        },
      },
      { ...header, body: { type: OpCode.delete, path: '/a' } },
      { ...header, body: { type: OpCode.deleteContainer, path: '/c' } },
      { ...header, body: { type: OpCode.setData, path: '/a', data: bytes('zz'), version: 3 } },
      {
        ...header,
        body: {
          type: OpCode.setACL,
          path: '/a',
          acl: [{ perms: 3, id: { scheme: 'digest', id: 'u:h=' } }],
          version: 2,
        },
      },
      { ...header, body: { type: OpCode.check, path: '/a', version: 1 } },
      { ...header, body: { type: OpCode.error, err: -101 } },
      { ...header, body: { type: OpCode.createSession, timeOut: 30000 } },
      { ...header, body: { type: OpCode.closeSession, paths: ['/e1', '/e2'] } },
      {
        ...header,
        body: {
          type: OpCode.multi,
          txns: [
            { type: OpCode.check, path: '/a', version: 1 },
            { type: OpCode.error, err: 0 },
            {
              type: OpCode.create,
              path: '/m',
              data: bytes('1'),
              acl: open(),
              ephemeral: false,
              parentCVersion: 3,
            },
          ],
        },
      },
    ];
    for (const txn of txns) expect(decodeTxn(encodeTxn(txn))).toEqual(txn);
  });

  it('keeps null data (jute length −1) apart from empty data', () => {
    const withNull = decodeTxn(
      encodeTxn({ ...header, body: { type: OpCode.setData, path: '/a', data: NULL_DATA, version: 1 } }),
    );
    expect(withNull.body.type === OpCode.setData && withNull.body.data).toBe(NULL_DATA);
    const empty = decodeTxn(
      encodeTxn({
        ...header,
        body: { type: OpCode.setData, path: '/a', data: new Uint8Array(0), version: 1 },
      }),
    );
    expect(empty.body.type === OpCode.setData && empty.body.data).not.toBe(NULL_DATA);
  });

  it('round-trips the txns prep produces for random writes (property)', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const h = new Harness({ extendedTypesEnabled: true });
        for (const step of steps) {
          const prepared = h.prep(step.request, { session: step.session });
          if (!prepared.ok) continue;
          expect(decodeTxn(encodeTxn(prepared.txn))).toEqual(prepared.txn);
          h.tree.apply(prepared.txn);
        }
      }),
      fcParams(100),
    );
  });

  it('round-trips arbitrary field values (property)', () => {
    const txnArb = fc.record({
      sessionId: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      cxid: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      zxid: fc.maxSafeInteger(),
      time: fc.maxSafeInteger(),
      body: fc.record({
        type: fc.constant(OpCode.setACL),
        path: fc.string({ unit: 'grapheme', maxLength: 30 }),
        acl: fc.array(
          fc.record({
            perms: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            id: fc.record({ scheme: fc.string(), id: fc.string({ unit: 'grapheme' }) }),
          }),
        ),
        version: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      }),
    });
    fc.assert(
      fc.property(txnArb, (txn) => {
        expect(decodeTxn(encodeTxn(txn as Txn))).toEqual(txn);
      }),
      fcParams(200),
    );
  });

  it('hands out encodings that later encodings never overwrite (slab views), small and large', () => {
    const txnOf = (i: number, size: number): Txn => ({
      ...header,
      cxid: i,
      body: { type: OpCode.setData, path: `/n-${i}`, data: new Uint8Array(size).fill(i & 0xff), version: i },
    });
    // enough 150-byte txns to fill several 64 KiB slabs, with outsized ones among them
    const sizes = Array.from({ length: 2000 }, (_, i) => (i % 97 === 0 ? 20_000 : 100));
    const encoded = sizes.map((size, i) => encodeTxn(txnOf(i, size)));
    for (const [i, bytes] of encoded.entries()) expect(decodeTxn(bytes)).toEqual(txnOf(i, sizes[i]!));
  });

  it('rejects damaged input with typed errors', () => {
    const good = encodeTxn({
      ...header,
      body: { type: OpCode.setData, path: '/a', data: bytes('zz'), version: 3 },
    });
    const kind = (input: Uint8Array) => {
      try {
        decodeTxn(input);
        return 'decoded';
      } catch (error) {
        return error instanceof DecodeError ? error.kind : 'untyped';
      }
    };
    expect(kind(good.subarray(0, 10))).toBe('truncated');
    expect(kind(good.subarray(0, good.length - 1))).toBe('truncated');
    // cut inside the data buffer: its length prefix claims more than is left
    expect(kind(good.subarray(0, good.length - 6))).toBe('bad-length');
    expect(kind(Uint8Array.from([...good, 0]))).toBe('trailing-bytes');
    const unknown = good.slice();
    new DataView(unknown.buffer).setInt32(28, 77);
    expect(kind(unknown)).toBe('unknown-type');
    const badUtf8 = encodeTxn({ ...header, body: { type: OpCode.delete, path: '/é' } });
    badUtf8[badUtf8.length - 1] = 0xff;
    expect(kind(badUtf8)).toBe('bad-utf8');
    // any truncation of any valid txn is a DecodeError, never something else
    for (let cut = 0; cut < good.length; cut++) expect(kind(good.subarray(0, cut))).not.toBe('untyped');
  });
});
