/**
 * A tour of @zkts/core's DataTree: the server's write pipeline in miniature (prep → apply),
 * sequential and ephemeral nodes, a watch, a multi, a session close, a snapshot.
 * Run: npx -y pnpm@12.4.2 demo
 */
import {
  DataTree,
  errorName,
  OPEN_ACL_UNSAFE,
  OpCode,
  readSnapshot,
  type Stat,
  treeDigest,
  type WriteRequest,
  writeSnapshot,
} from '@zkts/core';

const tree = new DataTree<string>();
const acl = [...OPEN_ACL_UNSAFE];
const text = (s: string) => new TextEncoder().encode(s);
const alice = 0x100000000000001n;
const bob = 0x100000000000002n;
let zxid = 0;
let time = Date.UTC(2026, 0, 1);

/** What a server does for each write: prep with the next zxid, then (after logging) apply. */
function write(label: string, request: WriteRequest, session = alice): void {
  zxid++;
  time += 1000;
  const prepared = tree.prep(request, { sessionId: session, cxid: zxid, zxid, time, authIds: [] });
  if (!prepared.ok) {
    console.log(`${label.padEnd(44)} → ${errorName(prepared.err)}`);
    return;
  }
  const result = tree.apply(prepared.txn);
  const response = result.response;
  let summary = result.err === 0 ? 'OK' : errorName(result.err);
  if (response !== null && 'path' in response) summary += ` ${response.path}`;
  if (response !== null && 'stat' in response) summary += ` ${brief(response.stat)}`;
  console.log(`${label.padEnd(44)} → ${summary}  (zxid ${prepared.txn.zxid})`);
  for (const { watcher, event } of result.events) {
    console.log(`${''.padEnd(44)}   watch → ${watcher}: type ${event.type} on ${event.path}`);
  }
}

function brief(stat: Stat): string {
  return `{version ${stat.version}, cversion ${stat.cversion}, children ${stat.numChildren}, owner 0x${stat.ephemeralOwner.toString(16)}}`;
}

const create = (path: string, data: string, flags = 0): WriteRequest => ({
  type: OpCode.create2,
  path,
  data: text(data),
  acl,
  flags,
});

console.log('— persistent, sequential and ephemeral nodes');
write('create /app', create('/app', 'config v1'));
write('create /app/jobs', create('/app/jobs', ''));
write('create /app/jobs/job- (sequential)', create('/app/jobs/job-', 'a', 2));
write('create /app/jobs/job- (sequential)', create('/app/jobs/job-', 'b', 2));
write('create /app/workers/w1 (parent missing)', create('/app/workers/w1', ''));
write('create /app/alice (ephemeral, alice)', create('/app/alice', 'up', 1));
write('create /app/bob (ephemeral-sequential, bob)', create('/app/bob-', 'up', 3), bob);
write('create /app/alice/x (under an ephemeral)', create('/app/alice/x', ''));

console.log('\n— data, versions and a watch');
tree.read(
  { type: OpCode.getData, path: '/app', watch: true },
  { sessionId: bob, authIds: [], watcher: 'bob’s connection' },
);
write('setData /app version 0', { type: OpCode.setData, path: '/app', data: text('config v2'), version: 0 });
write('setData /app version 0 again', {
  type: OpCode.setData,
  path: '/app',
  data: text('config v3'),
  version: 0,
});

console.log('\n— pipelining: two writes prepared before either is applied');
{
  const first = tree.prep(create('/pipe', ''), {
    sessionId: alice,
    cxid: 1,
    zxid: ++zxid,
    time,
    authIds: [],
  });
  const second = tree.prep(create('/pipe/child', ''), {
    sessionId: alice,
    cxid: 2,
    zxid: ++zxid,
    time,
    authIds: [],
  });
  console.log(
    `prep create /pipe, then /pipe/child           → ${first.ok && second.ok ? 'both accepted' : 'refused'}`,
  );
  if (first.ok && second.ok) {
    tree.apply(first.txn);
    tree.apply(second.txn);
  }
}

console.log('\n— multi: all or nothing');
write('multi [check /app v1, delete job-0000000000]', {
  type: OpCode.multi,
  ops: [
    { type: OpCode.check, path: '/app', version: 1 },
    { type: OpCode.delete, path: '/app/jobs/job-0000000000', version: -1 },
  ],
});
write('multi [create /x, check /app v9]', {
  type: OpCode.multi,
  ops: [
    { type: OpCode.create, path: '/x', data: text(''), acl, flags: 0 },
    { type: OpCode.check, path: '/app', version: 9 },
  ],
});

console.log('\n— alice’s session closes');
console.log(`alice’s ephemerals: ${tree.getEphemerals(alice).join(', ')}`);
write('closeSession alice', { type: OpCode.closeSession });
const children = tree.read(
  { type: OpCode.getChildren, path: '/app', watch: false },
  { sessionId: bob, authIds: [] },
);
console.log(
  `children of /app now: ${typeof children === 'number' ? errorName(children) : 'children' in children ? children.children.join(', ') : ''}`,
);

console.log('\n— snapshot round trip');
const chunks = [...writeSnapshot(tree)];
const copy = readSnapshot(chunks);
console.log(
  `${tree.nodeCount} znodes, ${chunks.reduce((n, c) => n + c.length, 0)} bytes; digest ${treeDigest(tree)} → copy ${treeDigest(copy)}`,
);
