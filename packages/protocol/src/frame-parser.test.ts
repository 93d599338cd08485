import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { FrameParser } from './frame-parser';

function frame(...bytes: number[]): Uint8Array {
  return Uint8Array.of(0, 0, 0, bytes.length, ...bytes);
}

describe('FrameParser', () => {
  it('delivers frames packed in one chunk, in order, through onFrame', () => {
    const seen: number[][] = [];
    const parser = new FrameParser({ onFrame: (body) => seen.push([...body]) });
    parser.push(Uint8Array.of(...frame(1, 2), ...frame(), ...frame(3)));
    expect(seen).toEqual([[1, 2], [], [3]]);
    expect(parser.queued).toBe(0);
  });

  it('assembles a frame split inside its length prefix and its body', () => {
    const parser = new FrameParser();
    const bytes = frame(9, 8, 7, 6);
    parser.push(bytes.subarray(0, 2));
    parser.push(bytes.subarray(2, 5));
    expect(parser.buffered).toBe(1);
    expect(parser.shift()).toBeUndefined();
    parser.push(bytes.subarray(5));
    expect([...(parser.shift() ?? [])]).toEqual([9, 8, 7, 6]);
    expect(parser.buffered).toBe(0);
  });

  it('gives up on the stream when onFrame throws, since the rest of the chunk is lost', () => {
    const parser = new FrameParser({
      onFrame: () => {
        throw new Error('handler bug');
      },
    });
    expect(() => parser.push(frame(1))).toThrow('handler bug');
    expect(() => parser.push(frame(2))).toThrow(expect.objectContaining({ reason: 'parser-failed' }));
  });

  it('defaults to jute.maxbuffer (0xfffff)', () => {
    const parser = new FrameParser();
    expect(parser.maxFrameSize).toBe(0xfffff);
    expect(() => parser.push(Uint8Array.of(0, 0x10, 0, 0))).toThrow(ProtocolError);
  });
});
