/**
 * Zab broadcast throughput of pure peers, in-process on one core:
 *   node --import tsx bench/zab/broadcast.bench.ts [--txns=2000000] [--batch=1000] [--members=3]
 * A 3-member ensemble of ZabPeers elects a leader, then the leader proposes `batch` txns at a
 * time; the network and the disks are instant (every message delivered at once, every append
 * durable as soon as it is handed over). Reports proposals committed per second, counted when
 * the leader applies them, i.e. after a quorum's ACKs.
 */
import {
  type LogEntry,
  type PeerId,
  readyIsEmpty,
  type ZabMessage,
  ZabPeer,
} from '../../packages/zab/src/index';

const args = new Map(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
);
const TXNS = Number(args.get('txns') ?? 2_000_000);
const BATCH = Number(args.get('batch') ?? 1000);
const MEMBERS = Number(args.get('members') ?? 3);

const ids = Array.from({ length: MEMBERS }, (_, i) => i + 1);
let now = 0;
const peers = new Map<PeerId, ZabPeer>();
for (const id of ids) {
  peers.set(
    id,
    new ZabPeer(
      { id, voters: ids, observers: [], tickMs: 100, initLimit: 10, syncLimit: 5 },
      { acceptedEpoch: 0, currentEpoch: 0, lastLoggedZxid: 0 },
      now,
    ),
  );
}
const inbox: Array<{ from: PeerId; to: PeerId; message: ZabMessage }> = [];
let committed = 0;
let leaderId = 0;

/** The host loop with instant disks: epochs stored and entries durable right away. */
function drain(id: PeerId): void {
  const peer = peers.get(id) as ZabPeer;
  for (;;) {
    const ready = peer.ready();
    if (readyIsEmpty(ready)) return;
    for (const w of ready.persistEpochs) peer.epochStored(w.name, w.epoch);
    if (ready.truncate !== undefined) peer.truncated(ready.truncate);
    if (ready.installSnapshot) peer.snapshotInstalled(ready.installSnapshot.zxid);
    if (ready.entries.length > 0) peer.persisted((ready.entries[ready.entries.length - 1] as LogEntry).zxid);
    if (id === leaderId) for (const a of ready.apply) if (a.committed) committed++;
    for (const m of ready.messages) inbox.push({ from: id, to: m.to, message: m.message });
    for (const r of ready.hostRequests) {
      if (r.kind === 'readLog') peer.logRead(r.for, { base: 0, entries: [] });
    }
  }
}

/** Like a host reading every frame its sockets have, then handling the peer's batch once. */
function deliverAll(): void {
  while (inbox.length > 0) {
    const batch = inbox.splice(0, inbox.length);
    const touched = new Set<PeerId>();
    for (const { from, to, message } of batch) {
      (peers.get(to) as ZabPeer).receive(from, message);
      touched.add(to);
    }
    for (const id of touched) drain(id);
  }
}

for (const id of ids) drain(id);
for (let round = 0; round < 50 && leaderId === 0; round++) {
  deliverAll();
  now += 100;
  for (const id of ids) {
    (peers.get(id) as ZabPeer).tick(now);
    drain(id);
    const p = peers.get(id) as ZabPeer;
    if (p.role === 'LEADING' && p.established) leaderId = id;
  }
}
deliverAll();
const leader = peers.get(leaderId);
if (!leader?.established) throw new Error('no leader established');

const header = { origin: leaderId, sessionId: 1n, cxid: 0 };
const payload = new Uint8Array(64);
const started = performance.now();
while (committed < TXNS) {
  for (let i = 0; i < BATCH; i++) leader.propose(header, payload);
  drain(leaderId);
  deliverAll();
  leader.tick(now); // the host's timer: trims the leader's bookkeeping, as in production
  drain(leaderId);
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${MEMBERS} members, batch ${BATCH}: ${committed} proposals committed in ${seconds.toFixed(2)} s = ${Math.round(committed / seconds).toLocaleString('en')} /s`,
);
