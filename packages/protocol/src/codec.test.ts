import { OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import {
  decodeConnectRequest,
  decodeConnectResponse,
  decodeNotification,
  decodeReplyHeader,
  decodeRequest,
  decodeResponse,
  encodeConnectRequest,
  encodeConnectResponse,
  encodeNotification,
  encodeRequest,
  encodeResponse,
} from './codec';
import { ProtocolError } from './errors';
import { NULL_BUFFER } from './jute/null-buffer';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const body = (frame: Uint8Array) => frame.subarray(4);

const stat = {
  czxid: 0x100000002,
  mzxid: 3,
  ctime: 1_700_000_000_123,
  mtime: 1_700_000_000_456,
  version: 1,
  cversion: -1,
  aversion: 2,
  ephemeralOwner: 0x0100_0000_0000_0001n,
  dataLength: 3,
  numChildren: 0,
  pzxid: 4,
};

describe('request frames', () => {
  it('lays out a getData request as length, xid, type, path, watch', () => {
    const frame = encodeRequest(7, { type: OpCode.getData, path: '/foo', watch: true });
    expect(hex(frame)).toBe(
      ['00000011', '00000007', '00000004', '00000004', hex(Buffer.from('/foo')), '01'].join(''),
    );
    expect(decodeRequest(body(frame))).toEqual({ xid: 7, request: { type: 4, path: '/foo', watch: true } });
  });

  it('writes a null buffer as length −1 and reads it back as NULL_BUFFER', () => {
    const frame = encodeRequest(1, { type: OpCode.setData, path: '/a', data: NULL_BUFFER, version: -1 });
    expect(hex(frame)).toContain('ffffffffffffffff');
    const { request } = decodeRequest(body(frame));
    expect(request.type === OpCode.setData && request.data).toBe(NULL_BUFFER);
  });

  it('encodes non-ASCII paths as UTF-8 with their byte length', () => {
    const frame = encodeRequest(1, { type: OpCode.exists, path: '/é', watch: false });
    expect(hex(body(frame)).slice(16)).toBe(`00000003${hex(Buffer.from('/é'))}00`);
    expect(decodeRequest(body(frame)).request).toEqual({ type: OpCode.exists, path: '/é', watch: false });
  });

  it('rejects an unknown opcode with a ProtocolError that still names the xid, so it can be answered', () => {
    // ZooKeeper 3.8 answers opcode 10 with ReplyHeader{xid, zxid: −1, err: UNIMPLEMENTED}.
    const bad = Uint8Array.from([0, 0, 0, 9, 0, 0, 0, 10]);
    const error = (() => {
      try {
        decodeRequest(bad);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ reason: 'unknown-opcode', xid: 9, opcode: 10 });
  });

  it('leaves xid unset when not even the header could be read', () => {
    expect(() => decodeRequest(Uint8Array.of(0, 0, 1))).toThrow(
      expect.objectContaining({ reason: 'truncated', xid: undefined }),
    );
  });
});

describe('response frames', () => {
  it('round-trips a getData reply and returns data as a view of the body', () => {
    const frame = encodeResponse(7, 42, 0, { type: OpCode.getData, data: Uint8Array.of(1, 2, 3), stat });
    const decoded = decodeResponse(body(frame), OpCode.getData);
    expect(decoded).toEqual({
      xid: 7,
      zxid: 42,
      err: 0,
      response: { type: OpCode.getData, data: Uint8Array.of(1, 2, 3), stat },
    });
    const data = decoded.response?.type === OpCode.getData ? decoded.response.data : undefined;
    expect(data?.buffer).toBe(frame.buffer);
  });

  it('decodes an error reply as the header alone', () => {
    const frame = encodeResponse(9, 5, -101);
    expect(frame.length).toBe(20);
    expect(decodeResponse(body(frame), OpCode.getData)).toEqual({ xid: 9, zxid: 5, err: -101 });
    expect(decodeReplyHeader(body(frame))).toEqual({ xid: 9, zxid: 5, err: -101 });
  });

  it('decodes the header-only reply to a standalone check (13), which ZooKeeper 3.8 executes', () => {
    const frame = encodeResponse(5, 9, 0);
    expect(decodeResponse(body(frame), OpCode.check)).toEqual({
      xid: 5,
      zxid: 9,
      err: 0,
      response: { type: 13 },
    });
  });

  it('answers addWatch with ErrorResponse{0}, 4 bytes after the header', () => {
    const frame = encodeResponse(3, 1, 0, { type: OpCode.addWatch });
    expect(hex(body(frame)).slice(32)).toBe('00000000');
    expect(decodeResponse(body(frame), OpCode.addWatch).response).toEqual({ type: OpCode.addWatch });
  });

  it('keeps a failed multi’s per-op ErrorResults', () => {
    const results = [
      { type: OpCode.error, err: 0 },
      { type: OpCode.error, err: -101 },
      { type: OpCode.error, err: -2 },
    ] as const;
    const frame = encodeResponse(4, 10, 0, { type: OpCode.multi, results: [...results] });
    expect(decodeResponse(body(frame), OpCode.multi).response).toEqual({ type: OpCode.multi, results });
  });

  it('writes notifications with xid −1 and zxid −1 by default', () => {
    const frame = encodeNotification({ type: 3, state: 3, path: '/n' });
    expect(hex(body(frame)).slice(0, 32)).toBe('ffffffffffffffffffffffff00000000');
    expect(decodeNotification(body(frame))).toEqual({ zxid: -1, event: { type: 3, state: 3, path: '/n' } });
  });
});

describe('handshake frames', () => {
  const request = {
    protocolVersion: 0,
    lastZxidSeen: 0x200000005,
    timeOut: 30_000,
    sessionId: 0x7200_0000_0000_0001n,
    passwd: new Uint8Array(16).fill(9),
    readOnly: true,
  };

  it('sends 45 bytes with readOnly and 44 without, and tells them apart', () => {
    const modern = encodeConnectRequest(request);
    const legacy = encodeConnectRequest({ ...request, withReadOnly: false });
    expect(modern.length - 4).toBe(45);
    expect(legacy.length - 4).toBe(44);
    expect(decodeConnectRequest(body(modern))).toEqual({ ...request, withReadOnly: true });
    expect(decodeConnectRequest(body(legacy))).toEqual({ ...request, readOnly: false, withReadOnly: false });
  });

  it('answers with 37 or 36 bytes', () => {
    const response = {
      protocolVersion: 0,
      timeOut: 4000,
      sessionId: -1n,
      passwd: new Uint8Array(16),
      readOnly: false,
    };
    const modern = encodeConnectResponse(response);
    const legacy = encodeConnectResponse(response, { withReadOnly: false });
    expect([modern.length - 4, legacy.length - 4]).toEqual([37, 36]);
    expect(decodeConnectResponse(body(modern))).toEqual({ ...response, withReadOnly: true });
    expect(decodeConnectResponse(body(legacy))).toEqual({ ...response, withReadOnly: false });
  });
});
