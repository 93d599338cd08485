/**
 * Asks the real ZooKeeper 3.8 how it answers the requests whose handling is not obvious from the
 * docs (reconfig with reconfig disabled, sasl with SASL off, an unknown opcode, whoAmI, a failed
 * write's zxid, a four-letter word outside the whitelist), over raw frames.
 *   node --import tsx --conditions @zkts/source packages/server/scripts/probe-real-edge-cases.ts
 */
import { createConnection, type Socket } from 'node:net';
import { OpCode } from '@zkts/core';
import {
  decodeConnectResponse,
  decodeReplyHeader,
  encodeConnectRequest,
  encodeRequest,
  FrameParser,
} from '@zkts/protocol';
import { fourLetterWord, startRealZooKeeper } from '../../../test/support/real-zookeeper';

function session(
  port: number,
): Promise<{ socket: Socket; frames: Uint8Array[]; next(): Promise<Uint8Array | null> }> {
  return new Promise((resolve) => {
    const frames: Uint8Array[] = [];
    const waiters: Array<(f: Uint8Array | null) => void> = [];
    const parser = new FrameParser({
      onFrame: (f) => {
        const copy = f.slice();
        const w = waiters.shift();
        if (w) w(copy);
        else frames.push(copy);
      },
    });
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.write(
        encodeConnectRequest({
          protocolVersion: 0,
          lastZxidSeen: 0,
          timeOut: 10000,
          sessionId: 0n,
          passwd: new Uint8Array(16),
          readOnly: false,
        }),
      );
    });
    socket.on('data', (d) => parser.push(d));
    socket.on('close', () => {
      for (const w of waiters.splice(0)) w(null);
    });
    const next = () =>
      new Promise<Uint8Array | null>((r) => {
        const f = frames.shift();
        if (f) r(f);
        else if (socket.destroyed) r(null);
        else waiters.push(r);
      });
    resolve({ socket, frames, next });
  });
}

function raw(xid: number, type: number, body: number[] = []): Uint8Array {
  const len = 8 + body.length;
  const b = Buffer.alloc(4 + len);
  b.writeInt32BE(len, 0);
  b.writeInt32BE(xid, 4);
  b.writeInt32BE(type, 8);
  Buffer.from(body).copy(b, 12);
  return b;
}

const whitelist = process.argv[2] ?? 'srvr';
const zk = await startRealZooKeeper({ systemProperties: { 'zookeeper.4lw.commands.whitelist': whitelist } });
try {
  for (const word of ['ruok', 'stat', 'srvr'])
    console.log(word, JSON.stringify(await fourLetterWord(zk.port, word)));
  const s = await session(zk.port);
  const cr = await s.next();
  console.log('connect', decodeConnectResponse(cr!));
  const show = async (label: string) => {
    const f = await s.next();
    console.log(
      label,
      f === null
        ? 'CLOSED'
        : { ...decodeReplyHeader(f), bodyBytes: f.length - 16, hex: Buffer.from(f).toString('hex') },
    );
  };
  s.socket.write(encodeRequest(1, { type: OpCode.whoAmI }));
  await show('whoAmI');
  s.socket.write(
    encodeRequest(2, {
      type: OpCode.create,
      path: '/x',
      data: new Uint8Array(0),
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 0,
    }),
  );
  await show('create /x');
  s.socket.write(
    encodeRequest(3, {
      type: OpCode.create,
      path: '/x',
      data: new Uint8Array(0),
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 0,
    }),
  );
  await show('create /x again (NODEEXISTS)');
  s.socket.write(
    encodeRequest(4, {
      type: OpCode.reconfig,
      joiningServers: null,
      leavingServers: null,
      newMembers: null,
      curConfigId: -1,
    }),
  );
  await show('reconfig');
  s.socket.write(
    encodeRequest(5, {
      type: OpCode.create,
      path: '/y',
      data: new Uint8Array(0),
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 0,
    }),
  );
  await show('create /y');
  s.socket.write(encodeRequest(6, { type: OpCode.addWatch, path: '/y', mode: 0 }));
  await show('addWatch');
  s.socket.write(encodeRequest(7, { type: OpCode.checkWatches, path: '/y', watcherType: 4 }));
  await show('checkWatches persistent');
  s.socket.write(encodeRequest(8, { type: OpCode.sync, path: '/y' }));
  await show('sync');
  s.socket.write(encodeRequest(9, { type: OpCode.sasl, token: new Uint8Array([1, 2, 3]) }));
  await show('sasl');
  const s2 = await session(zk.port);
  await s2.next();
  s2.socket.write(raw(10, 999));
  const f = await s2.next();
  console.log(
    'unknown opcode 999',
    f === null ? 'CLOSED' : { ...decodeReplyHeader(f), hex: Buffer.from(f).toString('hex') },
  );
  const f2 = await s2.next();
  console.log('after unknown opcode', f2 === null ? 'CLOSED' : Buffer.from(f2).toString('hex'));
  const s3 = await session(zk.port);
  await s3.next();
  s3.socket.write(raw(11, OpCode.getData, [0, 0, 0, 50, 1]));
  const f3 = await s3.next();
  console.log('malformed getData', f3 === null ? 'CLOSED' : { ...decodeReplyHeader(f3) });
  s.socket.destroy();
  s2.socket.destroy();
  s3.socket.destroy();
} finally {
  await zk.stop();
}
