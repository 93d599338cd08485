import { type MultiOp, OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { encodeNotification, encodeResponse } from './codec';
import { ProtocolError } from './errors';
import { FrameWriter } from './frame-writer';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('FrameWriter', () => {
  it('batches replies and notifications into one buffer, equal to the frames one by one', () => {
    const writer = new FrameWriter();
    writer
      .writeResponse(1, 7, 0, { type: OpCode.sync, path: '/a' })
      .writeNotification({ type: 1, state: 3, path: '/b' });
    expect(writer.pending).toBeGreaterThan(0);
    expect(hex(writer.take())).toBe(
      hex(encodeResponse(1, 7, 0, { type: OpCode.sync, path: '/a' })) +
        hex(encodeNotification({ type: 1, state: 3, path: '/b' })),
    );
    expect(writer.take().length).toBe(0);
  });

  it('drops a frame whose encoder threw and keeps the ones before it', () => {
    const writer = new FrameWriter();
    writer.writeResponse(1, 7, -101);
    const bogus = { type: OpCode.ping } as unknown as MultiOp;
    expect(() => writer.writeRequest(2, { type: OpCode.multi, ops: [bogus] })).toThrow(ProtocolError);
    expect(hex(writer.take())).toBe(hex(encodeResponse(1, 7, -101)));
  });

  it('never changes bytes it has handed out, even when it moves to a new slab', () => {
    const writer = new FrameWriter(64);
    const first = writer.writeResponse(1, 1, 0, { type: OpCode.sync, path: '/first' }).take();
    const before = hex(first);
    const big = new Uint8Array(1000).fill(7);
    writer.writeResponse(2, 2, 0, { type: OpCode.sasl, token: big });
    const second = writer.take();
    expect(hex(first)).toBe(before);
    expect(second.length).toBe(4 + 16 + 4 + 1000);
    expect(second.subarray(24).every((b) => b === 7)).toBe(true);
  });
});
