import { createClient, type ZooKeeperClient } from '@zkts/client';
import { createMemoryStorage, type Storage } from '@zkts/storage';
import {
  createEnsembleMember,
  type EnsembleMemberServer,
  InProcessQuorumNetwork,
  localEnsembleConfig,
  resolveServerConfig,
  silentLogger,
  stderrLogger,
} from '../../src/index';

/**
 * N members in this process over an InProcessQuorumNetwork, each with memory storage (kept
 * across a crash and restart) and a TCP client port on 127.0.0.1 (port 0), so real zkts clients
 * with a multi-address connect string fail over between them.
 */
export class TestEnsemble {
  readonly network = new InProcessQuorumNetwork();
  readonly members = new Map<number, EnsembleMemberServer>();
  readonly storages = new Map<number, Storage>();
  readonly ports = new Map<number, number>();
  readonly clients: ZooKeeperClient[] = [];

  constructor(
    readonly ids: readonly number[],
    readonly tickTime = 200,
    readonly observers: readonly number[] = [],
    readonly readOnlyMode = false,
    readonly snapCount?: number,
  ) {}

  /** `size` voters, then `observers` observers (ids after the voters'). */
  static async start(size: number, observers = 0): Promise<TestEnsemble> {
    const ids = Array.from({ length: size + observers }, (_, i) => i + 1);
    const ensemble = new TestEnsemble(ids, 200, ids.slice(size));
    for (const id of ensemble.ids) await ensemble.startMember(id);
    return ensemble;
  }

  async startMember(id: number): Promise<EnsembleMemberServer> {
    let storage = this.storages.get(id);
    if (storage === undefined) {
      storage = createMemoryStorage();
      this.storages.set(id, storage);
    }
    const { config } = resolveServerConfig({
      tickTime: this.tickTime,
      clientPort: this.ports.get(id) ?? 0,
      initLimit: 10,
      // 2 s at tickTime 200: a loaded machine must not make a follower look dead
      syncLimit: 10,
      ...(this.snapCount !== undefined ? { snapCount: this.snapCount } : {}),
    });
    const ensemble = localEnsembleConfig({
      ids: this.ids,
      me: id,
      tickTime: this.tickTime,
      observers: this.observers,
      syncLimit: 10,
    });
    const transport = this.network.join(id, this.ids);
    const member = await createEnsembleMember({
      config,
      ensemble: { ...ensemble, readOnlyModeEnabled: this.readOnlyMode },
      transports: { election: transport, quorum: transport },
      storage,
      // ENSEMBLE_LOG=1 prints every member's lines
      logger: process.env.ENSEMBLE_LOG === '1' ? stderrLogger : silentLogger,
    });
    this.members.set(id, member);
    this.ports.set(id, member.address.port);
    return member;
  }

  member(id: number): EnsembleMemberServer {
    const member = this.members.get(id);
    if (member === undefined) throw new Error(`member ${id} is not running`);
    return member;
  }

  /** Crashes a member: its links drop, its (memory) storage stays for a restart. */
  async crash(id: number): Promise<void> {
    await this.member(id).crash();
    this.members.delete(id);
  }

  connectString(ids: readonly number[] = this.ids): string {
    return ids.map((id) => `127.0.0.1:${this.ports.get(id)}`).join(',');
  }

  client(ids: readonly number[] = this.ids, sessionTimeout = 4000): ZooKeeperClient {
    const zk = createClient(this.connectString(ids), { sessionTimeout, reconnectDelay: 50 });
    this.clients.push(zk);
    return zk;
  }

  leader(): EnsembleMemberServer | undefined {
    return [...this.members.values()].find((m) => m.host.role === 'leader' && m.host.serving);
  }

  /** Waits until one leader is established and every running member serves. */
  async settled(timeoutMs = 10_000): Promise<EnsembleMemberServer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = this.leader();
      if (leader !== undefined && [...this.members.values()].every((m) => m.host.serving)) return leader;
      if (Date.now() > deadline) {
        const roles = [...this.members.values()].map(
          (m) => `${m.id}:${m.host.role}${m.host.serving ? '+' : ''}`,
        );
        throw new Error(`ensemble did not settle within ${timeoutMs}ms: ${roles.join(' ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map((zk) => zk.close()));
    await Promise.allSettled([...this.members.values()].map((m) => m.close()));
    this.members.clear();
  }
}

/** Polls `check` until it returns true (the machine is loaded: generous deadlines). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
