import { createServer as createNetServer } from 'node:net';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import {
  createEnsembleMember,
  type EnsembleConfig,
  type EnsembleMemberServer,
  type EnsembleRole,
  InProcessQuorumNetwork,
  type InProcessStream,
  type InProcessTransport,
  inProcessTransport,
  type Logger,
  localEnsembleConfig,
  type MemberTransports,
  resolveServerConfig,
} from '@zkts/server';
import { createMemoryStorage, type Storage } from '@zkts/storage';
import { expiredSeen, keptOpenAcrossRestarts, until } from './create-test-server';
import { ManualClock } from './manual-clock';
import type { TestClientOptions } from './test-server-options';

export interface EnsembleOptions {
  /** Voting members; default 3. */
  size?: number;
  /** Non-voting members after the voters; default 0. */
  observers?: number;
  /**
   * How members reach each other: `'in-process'` (default: no sockets; `partition`, `heal` and
   * `slow` work) or `'tcp'` (real quorum ports on 127.0.0.1, as separate processes would use).
   * Clients reach members over TCP (`connectString`) or in process (`client()`'s default) either way.
   */
  transport?: 'in-process' | 'tcp';
  /** Default 200 ms: elections in well under a second, expiry in a few hundred ms. */
  tickTime?: number;
  /** readonlymode.enabled: a member cut off from the quorum serves read-only clients. */
  readOnlyMode?: boolean;
  /** Every member's lines, prefixed `[id role eEpoch]`; default silent. */
  logger?: Logger;
  /**
   * `'real'` (default) or `'manual'` (or a `ManualClock` to share): members and in-process
   * clients run on it, so elections, pings and expiry happen only as `advance(ms)` moves time.
   */
  clock?: 'real' | 'manual' | ManualClock;
  /** Manual clock only: its start (default 2025-01-01) and random seed (default 1). */
  startTime?: number;
  seed?: number;
}

export interface EnsembleTestMember {
  /** Its position in `members` (what `kill(i)` and friends take). */
  readonly index: number;
  /** Its server id (myid): index + 1. */
  readonly id: number;
  /** The client port (the same across restarts). */
  readonly port: number;
  readonly running: boolean;
  /** 'looking' while it elects or syncs, or while stopped. */
  readonly role: EnsembleRole;
  /** Whether it serves clients now (an established leader, follower or observer). */
  readonly serving: boolean;
  /** The running member (tree, sessions, peer: `server.host`), undefined while stopped. */
  readonly server: EnsembleMemberServer | undefined;
}

export interface EnsembleClientOptions extends TestClientOptions {
  /** Connect to this member only (its index); default: every member, in a random order. */
  member?: number;
}

export interface TestEnsemble {
  /** Every member's client address, e.g. for kazoo or the Java client. */
  readonly connectString: string;
  readonly members: readonly EnsembleTestMember[];
  /** A connected @zkts/client (closed by `close()`). */
  client(options?: EnsembleClientOptions): Promise<ZooKeeperClient>;
  /** The established leader now, if any. */
  leader(): EnsembleTestMember | undefined;
  /**
   * Waits until a leader is established and every running member serves (with a manual clock,
   * by advancing it a quarter tick at a time; `timeoutMs` is then simulated time).
   */
  waitForLeader(timeoutMs?: number): Promise<EnsembleTestMember>;
  /** Manual clock only: fires the members' and clients' timers that fall due within `ms`. */
  advance(ms: number): Promise<void>;
  /** The manual clock, or undefined on real time. */
  readonly clock: ManualClock | undefined;
  /** A crash: no goodbye, its storage kept as it is. */
  kill(index: number): Promise<void>;
  /** A clean stop (the storage is kept for `restart`). */
  stop(index: number): Promise<void>;
  /** Starts a stopped member again on its storage and client port. */
  restart(index: number): Promise<void>;
  /** In-process transport only: members in different groups stop hearing each other. */
  partition(...groups: ReadonlyArray<readonly number[]>): void;
  heal(): void;
  /** In-process transport only: every message to and from member `index` takes `ms` longer. */
  slow(index: number, ms: number): void;
  /** The leader expires the session now, as its timeout would; resolves once applied everywhere running. */
  expireSession(target: ZooKeeperClient | bigint): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface MemberSlot {
  index: number;
  id: number;
  port: number;
  quorumPort: number;
  electionPort: number;
  storage: Storage;
  server: EnsembleMemberServer | undefined;
}

/**
 * A whole zkts ensemble in this process: the same member code as `zkts server --config`, over
 * in-process quorum links (or TCP), memory storage per member, each with a free client port.
 *
 *   await using ens = await createEnsemble({ size: 3 });
 *   const zk = await ens.client();
 *   await ens.kill(ens.leader()!.index);
 */
export async function createEnsemble(options: EnsembleOptions = {}): Promise<TestEnsemble> {
  const size = options.size ?? 3;
  const observerCount = options.observers ?? 0;
  const tickTime = options.tickTime ?? 200;
  const tcp = options.transport === 'tcp';
  const ids = Array.from({ length: size + observerCount }, (_, i) => i + 1);
  const observers = ids.slice(size);
  const network = tcp ? undefined : new InProcessQuorumNetwork();
  const slots: MemberSlot[] = [];
  for (const id of ids) {
    slots.push({
      index: id - 1,
      id,
      port: await freePort(),
      quorumPort: tcp ? await freePort() : 0,
      electionPort: tcp ? await freePort() : 0,
      storage: keptOpenAcrossRestarts(createMemoryStorage()),
      server: undefined,
    });
  }
  const clients = new Set<ZooKeeperClient>();
  let closed: Promise<void> | undefined;
  const clock =
    options.clock === 'manual'
      ? new ManualClock({
          ...(options.startTime !== undefined ? { startTime: options.startTime } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
        })
      : options.clock instanceof ManualClock
        ? options.clock
        : undefined;

  const ensembleOf = (slot: MemberSlot): EnsembleConfig => {
    // syncLimit 10 ticks: a loaded test machine must not make a follower look dead
    const local = localEnsembleConfig({ ids, me: slot.id, tickTime, observers, syncLimit: 10 });
    const members = local.members.map((member) => {
      const other = slots[member.id - 1]!;
      return tcp
        ? {
            ...member,
            quorum: { host: '127.0.0.1', port: other.quorumPort },
            election: { host: '127.0.0.1', port: other.electionPort },
          }
        : member;
    });
    return {
      ...local,
      members,
      me: members[slot.index]!,
      readOnlyModeEnabled: options.readOnlyMode === true,
    };
  };

  const start = async (slot: MemberSlot): Promise<void> => {
    const { config } = resolveServerConfig({ tickTime, clientPort: slot.port, initLimit: 10, syncLimit: 10 });
    let transports: MemberTransports | undefined;
    if (network !== undefined) {
      const link = network.join(slot.id, ids);
      transports = { election: link, quorum: link };
    }
    slot.server = await createEnsembleMember({
      config,
      ensemble: ensembleOf(slot),
      storage: slot.storage,
      ...(transports !== undefined ? { transports } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(clock !== undefined ? { environment: clock } : {}),
      // no timing of real networks to wait out in one process
      finalizeWaitMs: network !== undefined ? 50 : 200,
    });
  };

  const slotAt = (index: number): MemberSlot => {
    const slot = slots[index];
    if (slot === undefined) throw new RangeError(`no member at index ${index} (there are ${slots.length})`);
    return slot;
  };
  const requireNetwork = (what: string): InProcessQuorumNetwork => {
    if (network === undefined) throw new Error(`${what} needs createEnsemble({ transport: 'in-process' })`);
    return network;
  };
  const stopSlot = async (slot: MemberSlot, crash: boolean): Promise<void> => {
    const server = slot.server;
    if (server === undefined) return;
    slot.server = undefined;
    await (crash ? server.crash() : server.close());
  };
  /** Routes an in-process client's connect to the member listening on that port. */
  const membersTransport: InProcessTransport = {
    connectMessages(host: string, port: number): Promise<InProcessStream> {
      const server = slots.find((slot) => slot.port === port)?.server;
      if (server === undefined)
        return Promise.reject(new Error(`in-process connection refused: no member on port ${port}`));
      return inProcessTransport(server.host).connectMessages(host, port);
    },
  };

  const view = (slot: MemberSlot): EnsembleTestMember => ({
    index: slot.index,
    id: slot.id,
    port: slot.port,
    get running() {
      return slot.server !== undefined;
    },
    get role() {
      return slot.server?.host.role ?? 'looking';
    },
    get serving() {
      return slot.server?.host.serving ?? false;
    },
    get server() {
      return slot.server;
    },
  });
  const members = slots.map(view);

  await Promise.all(slots.map(start));

  const ensemble: TestEnsemble = {
    connectString: slots.map((slot) => `127.0.0.1:${slot.port}`).join(','),
    members,

    async client(clientOptions = {}) {
      if (closed !== undefined) throw new Error('the ensemble is closed');
      const { transport = 'in-process', chroot = '', member, ...rest } = clientOptions;
      const chosen = member === undefined ? slots : [slotAt(member)];
      const client = createClient(`${chosen.map((slot) => `127.0.0.1:${slot.port}`).join(',')}${chroot}`, {
        reconnectDelay: 50,
        ...rest,
        ...(transport === 'in-process' ? { transport: membersTransport } : {}),
        ...(clock !== undefined ? { environment: clock } : {}),
      });
      clients.add(client);
      client.on('closed', () => clients.delete(client));
      try {
        await client.connected();
      } catch (error) {
        clients.delete(client);
        await client.close();
        throw error;
      }
      return client;
    },

    leader() {
      return members.find((member) => member.role === 'leader' && member.serving);
    },

    async waitForLeader(timeoutMs = 10_000) {
      const now = () => clock?.now() ?? Date.now();
      const deadline = now() + timeoutMs;
      for (;;) {
        const leader = ensemble.leader();
        if (leader !== undefined && members.every((m) => !m.running || m.serving)) return leader;
        if (now() > deadline) {
          const roles = members.map((m) => `${m.id}:${m.running ? m.role : 'down'}${m.serving ? '+' : ''}`);
          throw new Error(`no established leader within ${timeoutMs}ms (${roles.join(' ')})`);
        }
        if (clock !== undefined) await clock.advance(tickTime / 4);
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },

    advance(ms) {
      if (clock === undefined) throw new Error("advance() needs createEnsemble({ clock: 'manual' })");
      return clock.advance(ms);
    },

    clock,

    kill: (index) => stopSlot(slotAt(index), true),
    stop: (index) => stopSlot(slotAt(index), false),

    async restart(index) {
      const slot = slotAt(index);
      if (slot.server !== undefined) throw new Error(`member ${index} is running: kill or stop it first`);
      await start(slot);
    },

    partition(...groups) {
      requireNetwork('partition()').partition(
        ...groups.map((group) => group.map((index) => slotAt(index).id)),
      );
    },

    heal() {
      requireNetwork('heal()').heal();
    },

    slow(index, ms) {
      const net = requireNetwork('slow()');
      const id = slotAt(index).id;
      for (const other of ids) {
        if (other === id) continue;
        net.setFaults(id, other, ms > 0 ? { delayMs: ms } : undefined);
        net.setFaults(other, id, ms > 0 ? { delayMs: ms } : undefined);
      }
    },

    async expireSession(target) {
      const sessionId = typeof target === 'bigint' ? target : target.sessionId;
      if (sessionId === 0n)
        throw new Error('expireSession: the client has no session yet (await client.connected())');
      const leader = ensemble.leader()?.server;
      if (leader === undefined) throw new Error('expireSession: no established leader');
      const sawExpired = typeof target === 'bigint' ? undefined : expiredSeen(target);
      if (!leader.expireSession(sessionId))
        throw new Error(`expireSession: the leader knows no live session 0x${sessionId.toString(16)}`);
      await until(
        () => slots.every((slot) => slot.server === undefined || !slot.server.host.sessions.has(sessionId)),
        'the closeSession txn to apply on every member',
      );
      await sawExpired;
    },

    close() {
      closed ??= (async () => {
        await Promise.allSettled([...clients].map((client) => client.close()));
        await Promise.allSettled(slots.map((slot) => stopSlot(slot, false)));
      })();
      return closed;
    },

    [Symbol.asyncDispose]() {
      return ensemble.close();
    },
  };
  return ensemble;
}

/** A port the OS says is free now (listen on 0, read it, close). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
