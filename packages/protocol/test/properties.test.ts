/**
 * Property tests: every record round-trips (decode(encode(x)) equals x, and re-encoding gives
 * the same bytes); garbage and truncated input only ever raise ProtocolError; FrameParser
 * yields the same frames however the stream is chunked. Replay a failure with FC_SEED=<seed>.
 */
import { ErrorCode, type OpCode } from '@zkts/core';
import fc from 'fast-check';
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
  FrameParser,
  FrameWriter,
  NULL_BUFFER,
  ProtocolError,
} from '../src/index';
import {
  clientRequest,
  clientResponse,
  connectRequest,
  connectResponse,
  fcParameters,
  int32,
  long,
  responseOpcodes,
  watcherEvent,
} from './arbitraries';

const body = (frame: Uint8Array) => frame.subarray(4);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** NULL_BUFFER is told apart from an empty buffer by identity; make that visible to toEqual. */
function markNulls(value: unknown): unknown {
  if (value === NULL_BUFFER) return 'NULL_BUFFER';
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map(markNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markNulls(v)]));
  }
  return value;
}

/** Runs a decoder on input that may be garbage: it must either succeed or throw ProtocolError. */
function decodesOrRejects(decode: () => unknown): 'ok' | ProtocolError {
  try {
    decode();
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
}

describe('round trips', () => {
  it('requests', () => {
    fc.assert(
      fc.property(int32, clientRequest, (xid, request) => {
        const frame = encodeRequest(xid, request);
        expect(new DataView(frame.buffer, frame.byteOffset).getInt32(0)).toBe(frame.length - 4);
        const decoded = decodeRequest(body(frame));
        expect(markNulls(decoded)).toEqual(markNulls({ xid, request }));
        expect(hex(encodeRequest(decoded.xid, decoded.request))).toBe(hex(frame));
      }),
      fcParameters(),
    );
  });

  it('successful responses', () => {
    fc.assert(
      fc.property(int32, long, clientResponse, (xid, zxid, response) => {
        const frame = encodeResponse(xid, zxid, 0, response);
        const decoded = decodeResponse(body(frame), response.type);
        expect(markNulls(decoded)).toEqual(markNulls({ xid, zxid, err: 0, response }));
        expect(hex(encodeResponse(xid, zxid, 0, decoded.response))).toBe(hex(frame));
      }),
      fcParameters(),
    );
  });

  it('error responses carry the header alone', () => {
    fc.assert(
      fc.property(
        int32,
        long,
        int32.filter((err) => err !== 0),
        fc.constantFrom(...responseOpcodes),
        (xid, zxid, err, type) => {
          const frame = encodeResponse(xid, zxid, err);
          expect(frame.length).toBe(20);
          expect(decodeResponse(body(frame), type as OpCode)).toEqual({ xid, zxid, err });
        },
      ),
      fcParameters(),
    );
  });

  it('notifications', () => {
    fc.assert(
      fc.property(watcherEvent, long, (event, zxid) => {
        const frame = encodeNotification(event, zxid);
        expect(decodeNotification(body(frame))).toEqual({ zxid, event });
        expect(decodeReplyHeader(body(frame))).toEqual({ xid: -1, zxid, err: ErrorCode.OK });
      }),
      fcParameters(),
    );
  });

  it('connect requests and responses, with and without readOnly', () => {
    fc.assert(
      fc.property(connectRequest, connectResponse, (request, response) => {
        const requestFrame = encodeConnectRequest(request);
        expect(markNulls(decodeConnectRequest(body(requestFrame)))).toEqual(markNulls(request));
        const responseFrame = encodeConnectResponse(response, { withReadOnly: response.withReadOnly });
        expect(markNulls(decodeConnectResponse(body(responseFrame)))).toEqual(markNulls(response));
      }),
      fcParameters(),
    );
  });

  it('a FrameWriter batch is the concatenation of the single frames', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int32, long, clientResponse), { maxLength: 8 }), (replies) => {
        const writer = new FrameWriter(256);
        for (const [xid, zxid, response] of replies) writer.writeResponse(xid, zxid, 0, response);
        const batch = hex(writer.take());
        expect(batch).toBe(replies.map(([xid, zxid, r]) => hex(encodeResponse(xid, zxid, 0, r))).join(''));
        expect(writer.pending).toBe(0);
      }),
      fcParameters(100),
    );
  });
});

describe('hostile input only ever raises ProtocolError', () => {
  const decoders = (bytes: Uint8Array, type: OpCode) => [
    () => decodeRequest(bytes),
    () => decodeResponse(bytes, type),
    () => decodeReplyHeader(bytes),
    () => decodeNotification(bytes),
    () => decodeConnectRequest(bytes),
    () => decodeConnectResponse(bytes),
  ];

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...responseOpcodes), (bytes, type) => {
        for (const decode of decoders(bytes, type as OpCode)) decodesOrRejects(decode);
      }),
      fcParameters(1000),
    );
  });

  it('a valid request with random bytes overwritten', () => {
    fc.assert(
      fc.property(
        int32,
        clientRequest,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (xid, request, patches) => {
          const frame = body(encodeRequest(xid, request)).slice();
          for (const [at, value] of patches) frame[at % frame.length] = value;
          decodesOrRejects(() => decodeRequest(frame));
        },
      ),
      fcParameters(500),
    );
  });

  it('every strict prefix of a request is rejected as truncated or of invalid length', () => {
    fc.assert(
      fc.property(int32, clientRequest, fc.nat(), (xid, request, cut) => {
        const whole = body(encodeRequest(xid, request));
        const prefix = whole.subarray(0, cut % whole.length);
        const outcome = decodesOrRejects(() => decodeRequest(prefix));
        expect(outcome).not.toBe('ok');
        expect(['truncated', 'invalid-length']).toContain((outcome as ProtocolError).reason);
      }),
      fcParameters(500),
    );
  });

  it('strict prefixes of responses never escape as anything but ProtocolError', () => {
    fc.assert(
      fc.property(int32, long, clientResponse, fc.nat(), (xid, zxid, response, cut) => {
        const whole = body(encodeResponse(xid, zxid, 0, response));
        decodesOrRejects(() => decodeResponse(whole.subarray(0, cut % whole.length), response.type));
      }),
      fcParameters(500),
    );
  });

  it('a forged vector count fails before allocating', () => {
    // getChildren reply claiming 2^31−1 children in a 24-byte body.
    const forged = Uint8Array.from([
      0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0,
    ]);
    const outcome = decodesOrRejects(() => decodeResponse(forged, 8));
    expect((outcome as ProtocolError).reason).toBe('invalid-length');
  });
});

describe('FrameParser', () => {
  const frames = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 });

  function stream(bodies: Uint8Array[]): Uint8Array {
    const out = Buffer.alloc(bodies.reduce((n, b) => n + 4 + b.length, 0));
    let at = 0;
    for (const b of bodies) {
      out.writeInt32BE(b.length, at);
      out.set(b, at + 4);
      at += 4 + b.length;
    }
    return out;
  }

  it('yields the same frames however the stream is chunked', () => {
    fc.assert(
      fc.property(frames, fc.array(fc.nat(), { maxLength: 20 }), (bodies, cuts) => {
        const bytes = stream(bodies);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const seen: string[] = [];
        const parser = new FrameParser({ onFrame: (frame) => seen.push(hex(frame)) });
        let from = 0;
        for (const to of [...points, bytes.length]) {
          parser.push(bytes.subarray(from, to));
          from = to;
        }
        expect(seen).toEqual(bodies.map(hex));
        expect(parser.buffered).toBe(0);
      }),
      fcParameters(500),
    );
  });

  it('hands out views of the chunk when a frame lies within it', () => {
    const bytes = stream([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    const parser = new FrameParser();
    parser.push(bytes);
    const [first, second] = [...parser];
    expect(first?.buffer).toBe(bytes.buffer);
    expect(second?.buffer).toBe(bytes.buffer);
  });

  it('rejects an oversized or negative length as soon as the prefix arrives, without buffering', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1025, max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: -1 })),
        fc.integer({ min: 1, max: 4 }),
        (length, split) => {
          const parser = new FrameParser({ maxFrameSize: 1024 });
          const prefix = Buffer.alloc(8);
          prefix.writeInt32BE(length);
          parser.push(prefix.subarray(0, split - 1));
          let thrown: unknown;
          try {
            parser.push(prefix.subarray(split - 1));
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ProtocolError);
          expect((thrown as ProtocolError).reason).toBe('frame-too-large');
          expect((thrown as ProtocolError).length).toBe(length);
          expect(parser.buffered).toBe(0);
          expect(() => parser.push(Uint8Array.of(0))).toThrow(ProtocolError);
        },
      ),
      fcParameters(200),
    );
  });

  it('reports a four-letter word’s bytes as the declared length', () => {
    const parser = new FrameParser();
    let thrown: ProtocolError | undefined;
    try {
      parser.push(Buffer.from('ruok'));
    } catch (error) {
      thrown = error as ProtocolError;
    }
    const word = Buffer.alloc(4);
    word.writeInt32BE(thrown?.length ?? 0);
    expect(word.toString('latin1')).toBe('ruok');
  });

  it('accepts a frame of exactly maxFrameSize', () => {
    const parser = new FrameParser({ maxFrameSize: 8 });
    parser.push(stream([new Uint8Array(8)]));
    expect(parser.queued).toBe(1);
  });
});
