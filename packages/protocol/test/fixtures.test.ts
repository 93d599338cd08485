/**
 * Golden frames recorded from the real ZooKeeper 3.8 and real clients (scripts/record-fixtures.ts):
 * every frame must decode, and re-encoding what was decoded must give back the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpCode } from '@zkts/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixtureFile } from '../scripts/record-fixtures';
import type { RecordedFrame } from '../scripts/recording-proxy';
import {
  decodeConnectRequest,
  decodeConnectResponse,
  decodeNotification,
  decodeRequest,
  decodeResponse,
  encodeConnectRequest,
  encodeConnectResponse,
  encodeNotification,
  encodeRequest,
  encodeResponse,
  FrameParser,
  ProtocolError,
} from '../src/index';
import { fcParameters } from './arbitraries';

const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
const files = readdirSync(fixturesDir).filter((name) => name.endsWith('.json'));

/** Decodes a recorded frame by its kind and encodes the result again. */
function reencode(frame: RecordedFrame): Uint8Array {
  const body = Buffer.from(frame.hex, 'hex').subarray(4);
  switch (frame.kind) {
    case 'connect-request':
      return encodeConnectRequest(decodeConnectRequest(body));
    case 'connect-response': {
      const response = decodeConnectResponse(body);
      return encodeConnectResponse(response, { withReadOnly: response.withReadOnly });
    }
    case 'request': {
      const { xid, request } = decodeRequest(body);
      return encodeRequest(xid, request);
    }
    case 'response': {
      const { xid, zxid, err, response } = decodeResponse(body, frame.opcode as OpCode);
      return encodeResponse(xid, zxid, err, response);
    }
    case 'notification': {
      const { zxid, event } = decodeNotification(body);
      return encodeNotification(event, zxid);
    }
  }
}

describe('the recordings together', () => {
  const frames = files.flatMap((file) =>
    (JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as FixtureFile).commands.flatMap(
      (c) => c.frames,
    ),
  );

  it('hold a request and its reply for every client opcode but sasl (102) and check (13, multi-only)', () => {
    const opcodes = (kind: string) =>
      [...new Set(frames.filter((f) => f.kind === kind).map((f) => f.opcode))].sort((a, b) => a! - b!);
    const expected = [
      -11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16, 17, 18, 19, 21, 22, 100, 101, 103, 104,
    ];
    expected.push(105, 106, 107);
    expect(opcodes('request')).toEqual(expected);
    expect(opcodes('response')).toEqual(expected);
    expect(frames.some((f) => f.kind === 'notification')).toBe(true);
  });

  it('mutated and truncated real frames decode or fail with ProtocolError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat(),
        (frame, patches, cut) => {
          const bytes = Buffer.from(frame.hex, 'hex');
          for (const [at, value] of patches) bytes[at % bytes.length] = value;
          const mutated = {
            ...frame,
            hex: bytes.subarray(0, Math.max(4, bytes.length - (cut % 8))).toString('hex'),
          };
          try {
            reencode(mutated);
          } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
          }
        },
      ),
      fcParameters(2000),
    );
  });

  it('hold both handshake forms: 45/37 bytes and the 44/36-byte form without readOnly', () => {
    const sizes = (kind: string) =>
      new Set(frames.filter((f) => f.kind === kind).map((f) => f.hex.length / 2 - 4));
    expect(sizes('connect-request')).toEqual(new Set([44, 45]));
    expect(sizes('connect-response')).toEqual(new Set([36, 37]));
  });
});

describe.each(files)('%s', (file) => {
  const fixture = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as FixtureFile;

  it('was recorded from ZooKeeper 3.8', () => {
    expect(fixture.zookeeperVersion).toMatch(/^3\.8\./);
    expect(fixture.commands.length).toBeGreaterThan(0);
  });

  describe.each(fixture.commands.map((c, i) => [`${i}: ${c.command}`, c] as const))(
    '%s',
    (_name, command) => {
      it.each(command.frames.map((f, i) => [`${i} ${f.direction} ${f.kind} ${f.opcode ?? ''}`, f] as const))(
        '%s re-encodes byte for byte',
        (_label, frame) => {
          expect(Buffer.from(reencode(frame)).toString('hex')).toBe(frame.hex);
        },
      );
    },
  );

  it('splits the recorded byte stream into the same frames however it is chunked', () => {
    for (const direction of ['client->server', 'server->client'] as const) {
      const frames = fixture.commands.flatMap((c) => c.frames.filter((f) => f.direction === direction));
      const stream = Buffer.from(frames.map((f) => f.hex).join(''), 'hex');
      for (const chunkSize of [1, 3, 7, 64, stream.length]) {
        const parser = new FrameParser();
        for (let at = 0; at < stream.length; at += chunkSize)
          parser.push(stream.subarray(at, at + chunkSize));
        const bodies = [...parser].map((b) => Buffer.from(b).toString('hex'));
        expect(bodies).toEqual(frames.map((f) => f.hex.slice(8)));
      }
    }
  });
});
