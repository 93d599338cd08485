/**
 * The attack catalogue: named, deterministic scenarios a hostile or broken client can play
 * against a server. Each returns what a client can observe (error codes, whether the
 * connection or session survived, events received), never timings or zxids, so the record of
 * the real ZooKeeper and of zkts can be compared with `toEqual`.
 */
import { type ACL, type ClientRequest, OpCode } from '@zkts/core';
import { connectRequestBytes, RawClient, type RawConnectOptions } from '../support/raw-client';
import {
  beforeHandshake,
  bodyOf,
  concat,
  connectionState,
  frameOf,
  int32,
  jString,
  replyOf,
} from './attack-observe';

export interface AttackContext {
  host: string;
  port: number;
  /** A fresh parent for this scenario's nodes, open to all (`/attacks/<n>`). */
  dir: string;
  /** `/attacks/secret`: readable only by `digest:alice:secret` (which created it). */
  secret: string;
  /** A session authenticated as alice, for changes only she may make. */
  alice: RawClient;
}

export interface Attack {
  name: string;
  run(context: AttackContext): Promise<unknown>;
}

const OPEN: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const DATA = new TextEncoder().encode('attack');

async function connect(context: AttackContext, options?: RawConnectOptions): Promise<RawClient> {
  return RawClient.connect(context.host, context.port, options);
}

/** Runs `body` on a fresh session, then reports the connection's state and closes it. */
async function onFreshSession(
  context: AttackContext,
  body: (client: RawClient) => Promise<unknown>,
): Promise<{ outcome: unknown; connection: 'open' | 'closed' }> {
  const client = await connect(context);
  try {
    const outcome = await body(client);
    return { outcome, connection: await connectionState(client) };
  } finally {
    await client.destroy();
  }
}

/** Sends one hand-built request body (header included) and records its reply and aftermath. */
function sendBody(context: AttackContext, type: number, body: (xid: number) => Uint8Array): Promise<unknown> {
  return onFreshSession(context, async (client) => {
    const xid = client.takeXid();
    return replyOf(client, client.send(xid, type, frameOf(body(xid))));
  });
}

function sendRequest(context: AttackContext, request: ClientRequest): Promise<unknown> {
  return onFreshSession(context, (client) => replyOf(client, client.request(request)));
}

/** A valid request of each client opcode, paths under `dir`, to truncate or extend. */
function templates(dir: string): Array<[string, ClientRequest]> {
  const node = `${dir}/n`;
  return [
    ['create', { type: OpCode.create, path: node, data: DATA, acl: OPEN, flags: 0 }],
    ['delete', { type: OpCode.delete, path: node, version: -1 }],
    ['exists', { type: OpCode.exists, path: node, watch: true }],
    ['getData', { type: OpCode.getData, path: dir, watch: true }],
    ['setData', { type: OpCode.setData, path: dir, data: DATA, version: -1 }],
    ['getACL', { type: OpCode.getACL, path: dir }],
    ['setACL', { type: OpCode.setACL, path: dir, acl: OPEN, version: -1 }],
    ['getChildren', { type: OpCode.getChildren, path: dir, watch: false }],
    ['getChildren2', { type: OpCode.getChildren2, path: dir, watch: false }],
    ['sync', { type: OpCode.sync, path: dir }],
    ['create2', { type: OpCode.create2, path: node, data: DATA, acl: OPEN, flags: 0 }],
    ['createContainer', { type: OpCode.createContainer, path: node, data: DATA, acl: OPEN, flags: 4 }],
    ['createTTL', { type: OpCode.createTTL, path: node, data: DATA, acl: OPEN, flags: 5, ttl: 60_000 }],
    ['checkWatches', { type: OpCode.checkWatches, path: dir, watcherType: 1 }],
    ['removeWatches', { type: OpCode.removeWatches, path: dir, watcherType: 1 }],
    ['getEphemerals', { type: OpCode.getEphemerals, prefixPath: dir }],
    ['getAllChildrenNumber', { type: OpCode.getAllChildrenNumber, path: dir }],
    ['addWatch', { type: OpCode.addWatch, path: dir, mode: 1 }],
    [
      'multi',
      {
        type: OpCode.multi,
        ops: [
          { type: OpCode.create, path: node, data: DATA, acl: OPEN, flags: 0 },
          { type: OpCode.check, path: dir, version: -1 },
        ],
      },
    ],
    ['multiRead', { type: OpCode.multiRead, ops: [{ type: OpCode.getData, path: dir }] }],
    [
      'setWatches2',
      {
        type: OpCode.setWatches2,
        relativeZxid: 0,
        dataWatches: [dir],
        existWatches: [],
        childWatches: [],
        persistentWatches: [],
        persistentRecursiveWatches: [],
      },
    ],
    ['sasl', { type: OpCode.sasl, token: new TextEncoder().encode('not a sasl token') }],
    ['auth', { type: OpCode.auth, authType: 0, scheme: 'digest', auth: new TextEncoder().encode('bob:pw') }],
  ];
}

function malformedBodies(): Attack[] {
  const attacks: Attack[] = [];
  for (const [name] of templates('/x')) {
    const pick = (context: AttackContext) => {
      const found = templates(context.dir).find(([candidate]) => candidate === name);
      if (!found) throw new Error(`no template ${name}`);
      return found[1];
    };
    attacks.push({
      name: `${name} with its record cut in half`,
      run: (context) => {
        const request = pick(context);
        return sendBody(context, request.type, (xid) => {
          const body = bodyOf(xid, request);
          return body.subarray(0, 8 + Math.floor((body.length - 8) / 2));
        });
      },
    });
    attacks.push({
      name: `${name} with trailing garbage`,
      run: (context) => {
        const request = pick(context);
        return sendBody(context, request.type, (xid) => concat(bodyOf(xid, request), Buffer.alloc(16, 0xab)));
      },
    });
  }
  return attacks;
}

const header = (xid: number, type: number) => concat(int32(xid), int32(type));

const lengthAttacks: Attack[] = [
  {
    name: 'getData whose path length is negative',
    run: (c) =>
      sendBody(c, OpCode.getData, (xid) => concat(header(xid, OpCode.getData), int32(-5), Buffer.of(0))),
  },
  {
    name: 'getData whose path length is huge',
    run: (c) =>
      sendBody(c, OpCode.getData, (xid) =>
        concat(header(xid, OpCode.getData), int32(0x7fffffff), Buffer.of(0)),
      ),
  },
  {
    name: 'setData whose data length is -1 (null data)',
    run: (c) =>
      sendBody(c, OpCode.setData, (xid) =>
        concat(header(xid, OpCode.setData), jString(c.dir), int32(-1), int32(-1)),
      ),
  },
  {
    name: 'setData whose data length is -7',
    run: (c) =>
      sendBody(c, OpCode.setData, (xid) =>
        concat(header(xid, OpCode.setData), jString(c.dir), int32(-7), int32(-1)),
      ),
  },
  {
    name: 'setData whose data length is huge',
    run: (c) =>
      sendBody(c, OpCode.setData, (xid) =>
        concat(header(xid, OpCode.setData), jString(c.dir), int32(0x7fffffff), int32(-1)),
      ),
  },
  {
    name: 'create whose ACL count is huge',
    run: (c) =>
      sendBody(c, OpCode.create, (xid) =>
        concat(header(xid, OpCode.create), jString(`${c.dir}/n`), int32(0), int32(0x7fffffff), int32(0)),
      ),
  },
  {
    name: 'getData carrying a multi record (wrong record type)',
    run: (c) =>
      sendBody(c, OpCode.getData, (xid) =>
        concat(
          header(xid, OpCode.getData),
          bodyOf(xid, {
            type: OpCode.multi,
            ops: [{ type: OpCode.check, path: c.dir, version: -1 }],
          }).subarray(8),
        ),
      ),
  },
  {
    name: 'create carrying a getData record (wrong record type)',
    run: (c) =>
      sendBody(c, OpCode.create, (xid) =>
        concat(
          header(xid, OpCode.create),
          bodyOf(xid, { type: OpCode.getData, path: c.dir, watch: false }).subarray(8),
        ),
      ),
  },
  ...[999, 50, 10, -7].map(
    (type): Attack => ({
      name: `unknown opcode ${type}`,
      run: (c) => sendBody(c, type, (xid) => concat(header(xid, type), jString(c.dir))),
    }),
  ),
  {
    name: 'a header with no record at all (getData)',
    run: (c) => sendBody(c, OpCode.getData, (xid) => header(xid, OpCode.getData)),
  },
];

const handshakeAttacks: Attack[] = [
  {
    name: 'a getData request before the ConnectRequest',
    run: (c) =>
      beforeHandshake(c.host, c.port, frameOf(bodyOf(1, { type: OpCode.getData, path: '/', watch: false }))),
  },
  {
    name: 'a second ConnectRequest on an established session',
    run: (c) =>
      onFreshSession(c, async (client) => {
        client.writeRaw(connectRequestBytes());
        return replyOf(client, client.request({ type: OpCode.exists, path: '/', watch: false }));
      }),
  },
];

const INVALID_PATHS: Array<[string, string]> = [
  ['relative', 'attacks'],
  ['trailing slash', '/attacks/'],
  ['double slash', '//attacks'],
  ['a . segment', '/attacks/./x'],
  ['a .. segment', '/attacks/../x'],
  ['empty', ''],
  ['NUL', '/attacks/a\u0000b'],
  ['a control character', '/attacks/a\u0001b'],
  ['a reserved character', '/attacks/a\ud800b'],
];

const pathAttacks: Attack[] = INVALID_PATHS.flatMap(([what, path]): Attack[] => [
  {
    name: `create with an invalid path (${what})`,
    run: (c) => sendRequest(c, { type: OpCode.create, path, data: DATA, acl: OPEN, flags: 0 }),
  },
  {
    name: `getData with an invalid path (${what})`,
    run: (c) => sendRequest(c, { type: OpCode.getData, path, watch: false }),
  },
]).concat([
  {
    name: 'create with a 100 000-character name',
    run: (c) =>
      sendRequest(c, {
        type: OpCode.create,
        path: `${c.dir}/${'x'.repeat(100_000)}`,
        data: DATA,
        acl: OPEN,
        flags: 0,
      }),
  },
]);

const MiB = 1024 * 1024;
const sizeAttacks: Attack[] = [
  ['1 MiB − 1 KiB', MiB - 1024],
  ['exactly 1 MiB', MiB],
  ['1 MiB + 1', MiB + 1],
  ['2 MiB', 2 * MiB],
].map(
  ([what, size]): Attack => ({
    name: `create with ${what} of data`,
    run: (c) =>
      sendRequest(c, {
        type: OpCode.create,
        path: `${c.dir}/big`,
        data: new Uint8Array(Number(size)),
        acl: OPEN,
        flags: 0,
      }),
  }),
);

const aclAttacks: Attack[] = [
  ['a 5000-entry ACL', Array.from({ length: 5000 }, () => OPEN[0]!)],
  ['an empty ACL', []],
  ['a bad ip mask', [{ perms: 31, id: { scheme: 'ip', id: '10.0.0.1/99' } }]],
  ['a malformed ip', [{ perms: 31, id: { scheme: 'ip', id: 'not-an-ip' } }]],
  ['a digest id without a colon', [{ perms: 31, id: { scheme: 'digest', id: 'alice' } }]],
  ['an unknown scheme', [{ perms: 31, id: { scheme: 'nosuch', id: 'x' } }]],
  ['world:nobody', [{ perms: 31, id: { scheme: 'world', id: 'nobody' } }]],
  ['perms 0', [{ perms: 0, id: { scheme: 'world', id: 'anyone' } }]],
  ['perms out of range', [{ perms: 0x7fff, id: { scheme: 'world', id: 'anyone' } }]],
  ['the auth scheme without any auth', [{ perms: 31, id: { scheme: 'auth', id: '' } }]],
].flatMap(([what, acl]): Attack[] => [
  {
    name: `create with ${String(what)}`,
    run: (c) =>
      sendRequest(c, { type: OpCode.create, path: `${c.dir}/acl`, data: DATA, acl: acl as ACL[], flags: 0 }),
  },
  {
    name: `setACL with ${String(what)}`,
    run: (c) => sendRequest(c, { type: OpCode.setACL, path: c.dir, acl: acl as ACL[], version: -1 }),
  },
]);

const modeAttacks: Attack[] = [
  ...[7, 99, -1, 6].map(
    (flags): Attack => ({
      name: `create with CreateMode flags ${flags}`,
      run: (c) => sendRequest(c, { type: OpCode.create, path: `${c.dir}/m`, data: DATA, acl: OPEN, flags }),
    }),
  ),
  ...[
    ['a persistent mode', 0, 60_000],
    ['an ephemeral mode', 1, 60_000],
    ['ttl 0', 5, 0],
    ['ttl -1', 5, -1],
    ['ttl beyond the maximum (2^40)', 5, 2 ** 40],
    ['the maximum ttl (2^40 − 1)', 6, 2 ** 40 - 1],
  ].map(
    ([what, flags, ttl]): Attack => ({
      name: `createTTL with ${String(what)}`,
      run: (c) =>
        sendRequest(c, {
          type: OpCode.createTTL,
          path: `${c.dir}/ttl`,
          data: DATA,
          acl: OPEN,
          flags: Number(flags),
          ttl: Number(ttl),
        }),
    }),
  ),
  {
    name: 'create (not createTTL) with a TTL mode',
    run: (c) => sendRequest(c, { type: OpCode.create, path: `${c.dir}/m`, data: DATA, acl: OPEN, flags: 5 }),
  },
];

/** A multi whose ops are given as raw op headers and records. */
function rawMulti(context: AttackContext, ops: Uint8Array[]): Promise<unknown> {
  const done = concat(int32(-1), Buffer.of(1), int32(-1));
  return sendBody(context, OpCode.multi, (xid) => concat(header(xid, OpCode.multi), ...ops, done));
}
const opHeader = (type: number) => concat(int32(type), Buffer.of(0), int32(-1));

const multiAttacks: Attack[] = [
  {
    name: 'multi with a nested multi op',
    run: (c) => rawMulti(c, [opHeader(OpCode.multi), opHeader(OpCode.check), jString(c.dir), int32(-1)]),
  },
  {
    name: 'multi with an exists op (unsupported in multi)',
    run: (c) => rawMulti(c, [opHeader(OpCode.exists), jString(c.dir), Buffer.of(0)]),
  },
  {
    name: 'multi with a sync op (unsupported in multi)',
    run: (c) => rawMulti(c, [opHeader(OpCode.sync), jString(c.dir)]),
  },
  {
    name: 'multi mixing a read op with writes',
    run: (c) =>
      sendRequest(c, {
        type: OpCode.multi,
        ops: [
          { type: OpCode.create, path: `${c.dir}/mx`, data: DATA, acl: OPEN, flags: 0 },
          { type: OpCode.getData, path: c.dir },
        ],
      }),
  },
  {
    name: 'multiRead carrying a write op',
    run: (c) =>
      sendRequest(c, {
        type: OpCode.multiRead,
        ops: [{ type: OpCode.create, path: `${c.dir}/mr`, data: DATA, acl: OPEN, flags: 0 }],
      }),
  },
  {
    name: 'multi with an invalid path in its second op',
    run: (c) =>
      sendRequest(c, {
        type: OpCode.multi,
        ops: [
          { type: OpCode.create, path: `${c.dir}/ok`, data: DATA, acl: OPEN, flags: 0 },
          { type: OpCode.create, path: `${c.dir}/bad/`, data: DATA, acl: OPEN, flags: 0 },
        ],
      }),
  },
  {
    name: 'multi with no ops',
    run: (c) => sendRequest(c, { type: OpCode.multi, ops: [] }),
  },
];

/** The reconnect's negotiated timeout (0 = refused) and whether the connection stayed. */
async function reconnectOutcome(context: AttackContext, options: RawConnectOptions): Promise<unknown> {
  let client: RawClient;
  try {
    client = await connect(context, { connectTimeoutMs: 3_000, ...options });
  } catch (error) {
    return { handshake: error instanceof Error && /closed/.test(error.message) ? 'closed' : 'no answer' };
  }
  const outcome = { timeOut: client.timeOut, connection: await connectionState(client) };
  await client.destroy();
  return outcome;
}

async function sessionAlive(victim: RawClient): Promise<boolean> {
  return (await connectionState(victim)) === 'open';
}

const sessionAttacks: Attack[] = [
  {
    name: "reconnect to a live session's id with a wrong password",
    run: async (c) => {
      const victim = await connect(c);
      const attempt = await reconnectOutcome(c, { sessionId: victim.sessionId, passwd: new Uint8Array(16) });
      const alive = await sessionAlive(victim);
      await victim.close();
      return { attempt, victimAlive: alive };
    },
  },
  {
    name: 'reconnect with the right id and password of a closed session',
    run: async (c) => {
      const victim = await connect(c);
      await victim.close();
      return reconnectOutcome(c, { sessionId: victim.sessionId, passwd: victim.passwd });
    },
  },
  {
    name: 'reconnect with the right id and password of an expired session',
    run: async (c) => {
      const victim = await connect(c, { timeOut: 1 });
      await victim.destroy();
      await new Promise((resolve) => setTimeout(resolve, 3 * victim.timeOut + 1_000));
      return reconnectOutcome(c, { sessionId: victim.sessionId, passwd: victim.passwd });
    },
  },
  {
    name: 'reconnect to a session id nobody was given',
    run: (c) => reconnectOutcome(c, { sessionId: 0x1234_5678_9abcn, passwd: new Uint8Array(16) }),
  },
  ...[0, -1, -2_000_000_000, 2_147_483_647].map(
    (timeOut): Attack => ({
      name: `sessionTimeout ${timeOut} (negotiated value)`,
      run: (c) => reconnectOutcome(c, { timeOut }),
    }),
  ),
  {
    name: 'lastZxidSeen ahead of the server',
    run: (c) => reconnectOutcome(c, { lastZxidSeen: 2 ** 40 }),
  },
  {
    name: 'readOnly flag on a standalone server',
    run: (c) =>
      (async () => {
        const client = await connect(c, { readOnly: true });
        const write = await replyOf(
          client,
          client.request({ type: OpCode.create, path: `${c.dir}/ro`, data: DATA, acl: OPEN, flags: 0 }),
        );
        await client.destroy();
        return { timeOut: client.timeOut, write };
      })(),
  },
  {
    name: 'setWatches and setWatches2 on an unreadable node leak no event',
    run: async (c) => {
      const spy = await connect(c);
      const watches = {
        relativeZxid: 0,
        dataWatches: [c.secret],
        existWatches: [`${c.secret}/gone`],
        childWatches: [c.secret],
      };
      const first = await replyOf(
        spy,
        spy.request({
          type: OpCode.setWatches,
          ...watches,
          persistentWatches: [],
          persistentRecursiveWatches: [],
        }),
      );
      const second = await replyOf(
        spy,
        spy.request({
          type: OpCode.setWatches2,
          ...watches,
          persistentWatches: [c.secret],
          persistentRecursiveWatches: [c.secret],
        }),
      );
      await replyOf(
        c.alice,
        c.alice.request({ type: OpCode.setData, path: c.secret, data: DATA, version: -1 }),
      );
      await replyOf(
        c.alice,
        c.alice.request({
          type: OpCode.create,
          path: `${c.secret}/gone`,
          data: DATA,
          acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }],
          flags: 1,
        }),
      );
      await replyOf(c.alice, c.alice.request({ type: OpCode.delete, path: `${c.secret}/gone`, version: -1 }));
      // a round trip on the spy's connection after alice's changes: any event is queued before it
      await replyOf(spy, spy.request({ type: OpCode.exists, path: '/', watch: false }));
      const events = spy.takeEvents().map((event) => `${event.type} ${event.path}`);
      await spy.destroy();
      return { first, second, events };
    },
  },
  ...[
    ['a digest without a colon', 'digest', 'nocolon'],
    ['an unknown scheme', 'nosuch', 'x:y'],
    ['empty digest auth', 'digest', ''],
    ['the world scheme', 'world', 'anyone'],
    ['the ip scheme', 'ip', '127.0.0.1'],
  ].map(
    ([what, scheme, auth]): Attack => ({
      name: `addauth with ${what}`,
      run: (c) =>
        onFreshSession(c, async (client) => {
          const reply = await replyOf(
            client,
            client.request({
              type: OpCode.auth,
              authType: 0,
              scheme: String(scheme),
              auth: new TextEncoder().encode(auth),
            }),
          );
          return reply;
        }),
    }),
  ),
  {
    name: "another session uses an ephemeral owner's node",
    run: async (c) => {
      const owner = await connect(c);
      const node = `${c.dir}/eph`;
      await owner.request({ type: OpCode.create, path: node, data: DATA, acl: OPEN, flags: 1 });
      const other = await connect(c);
      const child = await replyOf(
        other,
        other.request({ type: OpCode.create, path: `${node}/child`, data: DATA, acl: OPEN, flags: 0 }),
      );
      const set = await replyOf(
        other,
        other.request({ type: OpCode.setData, path: node, data: DATA, version: -1 }),
      );
      const ephemerals = await other.request({ type: OpCode.getEphemerals, prefixPath: c.dir });
      const removed = await replyOf(other, other.request({ type: OpCode.delete, path: node, version: -1 }));
      const ownerAlive = await sessionAlive(owner);
      await owner.close();
      await other.close();
      return { child, set, otherSeesEphemerals: ephemerals.response, removed, ownerAlive };
    },
  },
  {
    name: 'a client pipelines 3000 requests before reading',
    run: (c) =>
      onFreshSession(c, async (client) => {
        const replies = Array.from({ length: 3000 }, (_, i) =>
          client.request(
            i % 2 === 0
              ? { type: OpCode.exists, path: c.dir, watch: false }
              : { type: OpCode.getData, path: `${c.dir}/none`, watch: false },
          ),
        );
        const errs = await Promise.all(replies.map((reply) => reply.then((r) => r.err)));
        const replyXids = client.log.flatMap((frame) => (frame.kind === 'reply' ? [frame.xid] : []));
        const inOrder = replyXids.every((xid, i) => i === 0 || xid > (replyXids[i - 1] ?? 0));
        return { count: errs.length, noNode: errs.filter((err) => err === -101).length, inOrder };
      }),
  },
];

export const attacks: Attack[] = [
  ...malformedBodies(),
  ...lengthAttacks,
  ...handshakeAttacks,
  ...pathAttacks,
  ...sizeAttacks,
  ...aclAttacks,
  ...modeAttacks,
  ...multiAttacks,
  ...sessionAttacks,
];
