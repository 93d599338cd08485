import { decodeTxn, encodeTxn, OPEN_ACL_UNSAFE, OpCode, type Txn } from '@zkts/core';
import { decodeRequest, encodeRequest, NULL_BUFFER } from '@zkts/protocol';
import { describe, expect, it } from 'vitest';

// The Java client sends a null value for create(path, null, …) and expects null back from
// getData; the marker the codec decodes must survive the txn log (and so restarts) as null.
describe('a null znode value', () => {
  it('decoded from the wire survives the txn codec as the same null marker', () => {
    const frame = encodeRequest(7, {
      type: OpCode.create,
      path: '/n',
      data: NULL_BUFFER,
      acl: [...OPEN_ACL_UNSAFE],
      flags: 0,
    });
    const { request } = decodeRequest(frame.subarray(4));
    if (request.type !== OpCode.create) throw new Error('expected a create');
    expect(request.data).toBe(NULL_BUFFER);

    const txn: Txn = {
      sessionId: 1n,
      cxid: 7,
      zxid: 1,
      time: 0,
      body: {
        type: OpCode.create,
        path: '/n',
        data: request.data,
        acl: request.acl,
        ephemeral: false,
        parentCVersion: 1,
      },
    };
    const replayed = decodeTxn(encodeTxn(txn));
    expect(replayed.body.type === OpCode.create && replayed.body.data).toBe(NULL_BUFFER);
  });

  it('stays distinct from an empty value', () => {
    const txn: Txn = {
      sessionId: 1n,
      cxid: 1,
      zxid: 1,
      time: 0,
      body: {
        type: OpCode.create,
        path: '/e',
        data: new Uint8Array(0),
        acl: [...OPEN_ACL_UNSAFE],
        ephemeral: false,
        parentCVersion: 1,
      },
    };
    const replayed = decodeTxn(encodeTxn(txn));
    expect(replayed.body.type === OpCode.create && replayed.body.data).not.toBe(NULL_BUFFER);
  });
});
