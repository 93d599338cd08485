import { type ClientRequest, OPEN_ACL_UNSAFE, OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { requestSizeBound } from './message-size';
import { encodeRequest } from './wire';

const requests: ClientRequest[] = [
  { type: OpCode.getData, path: '/a/b', watch: true },
  { type: OpCode.setData, path: '/a', data: new Uint8Array(5000), version: -1 },
  {
    type: OpCode.create,
    path: '/zné/ü',
    data: new TextEncoder().encode('héllo'),
    acl: [...OPEN_ACL_UNSAFE, { perms: 1, id: { scheme: 'digest', id: 'alice:xyz' } }],
    flags: 0,
  },
  {
    type: OpCode.multi,
    ops: [
      { type: OpCode.check, path: '/a', version: 1 },
      { type: OpCode.delete, path: '/b', version: -1 },
      { type: OpCode.setData, path: '/c', data: new Uint8Array(300), version: 2 },
    ],
  },
  { type: OpCode.multi, ops: [{ type: OpCode.delete, path: '/only', version: -1 }] },
  { type: OpCode.multiRead, ops: [{ type: OpCode.getData, path: '/r' }] },
  { type: OpCode.closeSession },
];

describe('requestSizeBound', () => {
  it('is never below the encoded size, and over it only by a few bytes per int field', () => {
    for (const request of requests) {
      const exact = encodeRequest(1, request).length - 4;
      const bound = requestSizeBound(request);
      expect(bound, `opcode ${request.type}`).toBeGreaterThanOrEqual(exact);
      expect(bound - exact, `opcode ${request.type}`).toBeLessThanOrEqual(48);
    }
  });
});
