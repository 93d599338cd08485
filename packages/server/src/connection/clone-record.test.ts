import { OpCode } from '@zkts/core';
import { NULL_BUFFER } from '@zkts/protocol';
import { describe, expect, it } from 'vitest';
import { cloneRecord, pooledBytes } from './clone-record';

describe('cloneRecord', () => {
  it('copies nested objects, arrays and buffers, and keeps primitives and bigints', () => {
    const stat = { czxid: 1, mzxid: 2, ephemeralOwner: 5n, version: 3 };
    const data = new Uint8Array([1, 2, 3]);
    const acl = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
    const record = { type: OpCode.getData, data, stat, acl, path: '/a', flag: true };
    const copy = cloneRecord(record);
    expect(copy).toEqual(record);
    expect(copy.data).not.toBe(data);
    expect(copy.stat).not.toBe(stat);
    expect(copy.acl).not.toBe(acl);
    expect(copy.acl[0]!.id).not.toBe(acl[0]!.id);
    data[0] = 9;
    stat.version = 4;
    acl[0]!.id.id = 'changed';
    expect([...copy.data]).toEqual([1, 2, 3]);
    expect(copy.stat.version).toBe(3);
    expect(copy.acl[0]!.id.id).toBe('anyone');
  });

  it('a buffer that is a view gets only its own bytes', () => {
    const big = new Uint8Array(1024).fill(7);
    const copy = cloneRecord({ data: big.subarray(10, 14) });
    expect(copy.data.byteLength).toBe(4);
    expect(copy.data.buffer.byteLength).toBe(4);
  });

  it('pooled copies are copies too', () => {
    const data = new Uint8Array([4, 5, 6]);
    const copy = cloneRecord({ data }, pooledBytes);
    data[0] = 0;
    expect([...copy.data]).toEqual([4, 5, 6]);
  });

  it('keeps the null-buffer marker itself (it means null, not empty)', () => {
    expect(cloneRecord({ data: NULL_BUFFER }).data).toBe(NULL_BUFFER);
    expect(cloneRecord({ ops: [{ data: NULL_BUFFER }] }).ops[0]!.data).toBe(NULL_BUFFER);
  });
});
