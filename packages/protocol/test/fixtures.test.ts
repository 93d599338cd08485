/**
 * Golden frames recorded from the real ZooKeeper 3.8 and real clients (scripts/record-fixtures.ts):
 * every frame must decode, and re-encoding what was decoded must give back the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpCode } from '@zkts/core';
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
} from '../src/index';

const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
const files = readdirSync(fixturesDir).filter((name) => name.endsWith('.json'));

function reencode(frame: RecordedFrame): Uint8Array {
  const body = Buffer.from(frame.hex, 'hex').subarray(4);
  switch (frame.kind) {
    case 'connect-request': {
      const request = decodeConnectRequest(body);
      return encodeConnectRequest(request);
    }
    case 'connect-response': {
      const response = decodeConnectResponse(body);
      return encodeConnectResponse(response, { withReadOnly: response.withReadOnly });
    }
    case 'request': {
      const { xid, request } = decodeRequest(body);
      expect(request.type).toBe(frame.opcode);
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
