/**
 * A real Apache ZooKeeper 3.8 ensemble: one `QuorumPeerMain` JVM per member on free loopback
 * ports (client, quorum, election), each with its own temporary dataDir and myid.
 *
 * With `partitionable`, member i reaches member j's quorum and election ports through a TCP
 * proxy of its own (proxy(i→j)), so `links.partition(i, j)` cuts them apart. Caveat: when the
 * lower id opens an election connection, ZooKeeper's rule has the higher id drop it and dial
 * back to the address the lower id announced (its real port), so election messages may still
 * pass a partition; followers reach the leader only through the quorum proxies, so a partition
 * does stop a member from following, and a leader without a quorum of followers steps down.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnsembleMember, RunningEnsemble } from './ensemble-members';
import { memberStatus, waitForServing } from './ensemble-members';
import { type MemberLinkProxies, startMemberLinkProxies } from './member-link-proxies';
import {
  freePort,
  realZooKeeperAvailable,
  writeZooCfg,
  ZOOKEEPER_JAR,
  zookeeperJvmArgs,
} from './real-zookeeper';

export interface RealZooKeeperEnsembleOptions {
  /** Voting members. */
  size: number;
  /** Further non-voting members (`:observer`), numbered after the voters. */
  observers?: number;
  /** ms; default 2000 as in the Debian zoo.cfg. */
  tickTime?: number;
  /** In ticks; defaults 10 and 5 as in the Debian zoo.cfg. */
  initLimit?: number;
  syncLimit?: number;
  /** Route member links through proxies (`links`). */
  partitionable?: boolean;
  /** Further zoo.cfg lines for every member, e.g. `{ forceSync: 'no' }`. */
  config?: Record<string, string>;
  /** JVM heap and flags; default a small heap (`-Xms64m -Xmx256m`). */
  jvmOptions?: string[];
  /** Java system properties for every member, e.g. `{ 'zookeeper.commitLogCount': '100' }`. */
  systemProperties?: Record<string, string>;
  /** How long to wait for the whole ensemble to serve; default 60 s (JVMs start slowly on 2 cores). */
  startTimeoutMs?: number;
}

interface MemberPorts {
  id: number;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
  observer: boolean;
}

/** The `server.N` lines member `self` sees: its own real ports, the others' through its proxies. */
function serverLines(
  self: MemberPorts,
  all: readonly MemberPorts[],
  proxies: MemberLinkProxies | undefined,
): Record<string, string> {
  const lines: Record<string, string> = {};
  for (const member of all) {
    const via = proxies?.portsFor(self.id, member.id);
    const quorum = via?.quorum ?? member.quorumPort;
    const election = via?.election ?? member.electionPort;
    lines[`server.${member.id}`] = `127.0.0.1:${quorum}:${election}${member.observer ? ':observer' : ''}`;
  }
  return lines;
}

export async function startRealZooKeeperEnsemble(
  options: RealZooKeeperEnsembleOptions,
): Promise<RunningEnsemble> {
  if (!realZooKeeperAvailable()) {
    throw new Error(`Apache ZooKeeper is not installed (${ZOOKEEPER_JAR}); run scripts/setup.sh`);
  }
  const root = mkdtempSync(join(tmpdir(), 'real-zk-ensemble-'));
  const total = options.size + (options.observers ?? 0);
  const ports: MemberPorts[] = [];
  for (let id = 1; id <= total; id++) {
    ports.push({
      id,
      clientPort: await freePort(),
      quorumPort: await freePort(),
      electionPort: await freePort(),
      observer: id > options.size,
    });
  }

  const proxies = options.partitionable ? await startMemberLinkProxies(ports) : undefined;

  const members = ports.map((self) => {
    const dataDir = join(root, `member-${self.id}`);
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'myid'), `${self.id}\n`);
    const configFile = join(dataDir, 'zoo.cfg');
    writeZooCfg(configFile, {
      tickTime: String(options.tickTime ?? 2000),
      initLimit: String(options.initLimit ?? 10),
      syncLimit: String(options.syncLimit ?? 5),
      dataDir,
      clientPort: String(self.clientPort),
      clientPortAddress: '127.0.0.1',
      maxClientCnxns: '0',
      forceSync: 'yes',
      ...(self.observer ? { peerType: 'observer' } : {}),
      ...serverLines(self, ports, proxies),
      ...options.config,
    });
    return new RealMember(self, configFile, {
      jvmOptions: options.jvmOptions ?? ['-Xms64m', '-Xmx256m'],
      ...(options.systemProperties ? { systemProperties: options.systemProperties } : {}),
    });
  });

  const stop = async () => {
    await Promise.all(members.map((member) => member.kill()));
    await proxies?.close();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    for (const member of members) member.spawn();
    await waitForServing(members, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    const logs = members.map((member) => `member ${member.id}: ${member.stderrTail()}`).join('\n');
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}`);
  }

  return {
    connectString: ports.map((p) => `127.0.0.1:${p.clientPort}`).join(','),
    members,
    ...(proxies ? { links: proxies.links } : {}),
    stop,
  };
}

/** One member's JVM: spawned, killed and spawned again on the same config and dataDir. */
class RealMember implements EnsembleMember {
  readonly id: number;
  readonly clientPort: number;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stderr = '';

  constructor(
    ports: MemberPorts,
    private readonly configFile: string,
    private readonly java: { jvmOptions?: string[]; systemProperties?: Record<string, string> },
  ) {
    this.id = ports.id;
    this.clientPort = ports.clientPort;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  spawn(): void {
    const args = zookeeperJvmArgs(
      'org.apache.zookeeper.server.quorum.QuorumPeerMain',
      this.configFile,
      this.java,
    );
    const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child = child;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }

  stderrTail(): string {
    return this.stderr.slice(-1500) || '(no stderr)';
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    this.spawn();
    const deadline = Date.now() + 60_000;
    while ((await memberStatus(this.clientPort)).mode === 'down') {
      if (Date.now() > deadline)
        throw new Error(`member ${this.id} did not serve again: ${this.stderrTail()}`);
      if (this.child?.exitCode !== null) throw new Error(`member ${this.id} exited: ${this.stderrTail()}`);
      // as often as zkts members are polled (waitForServing): the rejoin benchmark compares them
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
