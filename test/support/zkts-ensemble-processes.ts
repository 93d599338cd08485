import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QuorumLinks } from './ensemble-members';
import { startMemberLinkProxies } from './member-link-proxies';
import { freePort } from './real-zookeeper';

const cli = new URL('../../packages/cli/src/cli.ts', import.meta.url).pathname;
/** ZKTS_MEMBER_CLI=dist runs members from the built packages (`pnpm run build` first): a start without tsx. */
const builtCli = new URL('../../packages/cli/dist/cli.js', import.meta.url).pathname;
const fromBuild = process.env.ZKTS_MEMBER_CLI === 'dist';

export interface ZktsEnsembleOptions {
  /** Members (all voting participants). */
  size: number;
  /** Parent directory of the members' dataDirs; default a new temp dir (removed by `stop`). */
  dataDir?: string;
  /** Default 200 ms: fast elections and expiry, little CPU. */
  tickTime?: number;
  /** More zoo.cfg lines for every member (e.g. `4lw.commands.whitelist=*`). */
  extraConfig?: readonly string[];
  /** More zoo.cfg lines for one member only (after `extraConfig`, so a key here wins). */
  memberConfig?: (id: number) => readonly string[];
  /**
   * Route member links through proxies (`links`): member i dials member j's quorum and election
   * ports through proxy(i→j), while its own `server.i` line keeps the ports it listens on.
   * zkts dials back to a lower id at the address in its own config (a proxy), so unlike the
   * real ZooKeeper's election a partition cuts election messages too.
   */
  partitionable?: boolean;
  /** Each member's stderr lines (default: kept, printed only when a start fails). */
  onLog?: (id: number, line: string) => void;
}

export interface ZktsEnsembleMember {
  readonly id: number;
  readonly clientPort: number;
  /** The ports it listens on for Zab (learners) and for leader election. */
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly dataDir: string;
  /** The running process's pid (undefined while stopped). */
  readonly pid: number | undefined;
  /** Sends a signal (default SIGKILL) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the member again on the same dataDir and ports (after `kill`). */
  restart(): Promise<void>;
  /** Everything the process wrote on stderr so far, this run and earlier ones. */
  log(): string /** The same, line by line, each with the wall-clock time (Date.now()) the harness read it. */;
  timedLines(): readonly TimedLine[];
}

export interface TimedLine {
  at: number;
  text: string;
}

export interface ZktsEnsemble {
  /** `127.0.0.1:p1,127.0.0.1:p2,…` */
  readonly connectString: string;
  readonly members: readonly ZktsEnsembleMember[];
  /** The member-link proxies, when started `partitionable`. */
  readonly links?: QuorumLinks;
  /** Stops every member still running (SIGTERM, SIGKILL after 5 s), the proxies, and removes the temp dir it made. */
  stop(): Promise<void>;
}

/**
 * Starts an N-member zkts ensemble of real processes (`zkts server --config zoo.cfg`, from the
 * sources through tsx) on free 127.0.0.1 ports, one dataDir with a `myid` per member. Resolves
 * once every process is up (listening; electing is its own business: connect with a client).
 */
export async function startZktsEnsemble(options: ZktsEnsembleOptions): Promise<ZktsEnsemble> {
  const ownDir = options.dataDir === undefined;
  // free ports are picked before the members bind them: another process may take one meanwhile
  for (let attempt = 1; ; attempt++) {
    const root = options.dataDir ?? mkdtempSync(join(tmpdir(), 'zkts-ensemble-'));
    try {
      return await startAttempt(options, root, ownDir);
    } catch (error) {
      if (ownDir) rmSync(root, { recursive: true, force: true });
      if (attempt >= 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startAttempt(
  options: ZktsEnsembleOptions,
  root: string,
  ownDir: boolean,
): Promise<ZktsEnsemble> {
  const tickTime = options.tickTime ?? 200;
  const ids = Array.from({ length: options.size }, (_, i) => i + 1);
  const ports = new Map<number, { client: number; quorum: number; election: number }>();
  // the OS may hand out a port just released again: a duplicate would fail the config check
  const taken = new Set<number>();
  const distinctFreePort = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  for (const id of ids)
    ports.set(id, {
      client: await distinctFreePort(),
      quorum: await distinctFreePort(),
      election: await distinctFreePort(),
    });
  const proxies = options.partitionable
    ? await startMemberLinkProxies(
        ids.map((id) => ({ id, quorumPort: ports.get(id)!.quorum, electionPort: ports.get(id)!.election })),
      )
    : undefined;
  // what member `self` dials for each other member (a proxy when partitionable), its own line
  // being where it listens
  const serverLines = (self: number) =>
    ids.map((id) => {
      const via = proxies?.portsFor(self, id) ?? {
        quorum: ports.get(id)!.quorum,
        election: ports.get(id)!.election,
      };
      return `server.${id}=127.0.0.1:${via.quorum}:${via.election}`;
    });
  const members: ProcessMember[] = ids.map((id) => {
    const dataDir = join(root, `member-${id}`);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), `${id}\n`);
    const cfg = join(dataDir, 'zoo.cfg');
    writeFileSync(
      cfg,
      [
        `tickTime=${tickTime}`,
        'initLimit=10',
        'syncLimit=5',
        `dataDir=${dataDir}`,
        `clientPort=${ports.get(id)!.client}`,
        'clientPortAddress=127.0.0.1',
        ...serverLines(id),
        ...(options.extraConfig ?? []),
        ...(options.memberConfig?.(id) ?? []),
      ].join('\n'),
    );
    return new ProcessMember(id, ports.get(id)!, dataDir, cfg, options.onLog);
  });
  const stop = async (): Promise<void> => {
    await Promise.allSettled(
      members.map(async (m) => {
        const killer = setTimeout(() => void m.kill('SIGKILL'), 5_000);
        await m.kill('SIGTERM');
        clearTimeout(killer);
      }),
    );
    await proxies?.close();
    if (ownDir) rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(members.map((m) => m.restart()));
  } catch (error) {
    await Promise.allSettled(members.map((m) => m.kill('SIGKILL')));
    await proxies?.close();
    throw error;
  }
  return {
    connectString: members.map((m) => `127.0.0.1:${m.clientPort}`).join(','),
    members,
    ...(proxies ? { links: proxies.links } : {}),
    stop,
  };
}

class ProcessMember implements ZktsEnsembleMember {
  #child: ChildProcess | undefined;
  #log = '';
  readonly #timed: TimedLine[] = [];
  #unfinishedLine = '';

  readonly clientPort: number;
  readonly quorumPort: number;
  readonly electionPort: number;

  constructor(
    readonly id: number,
    ports: { client: number; quorum: number; election: number },
    readonly dataDir: string,
    private readonly cfg: string,
    private readonly onLog: ((id: number, line: string) => void) | undefined,
  ) {
    this.clientPort = ports.client;
    this.quorumPort = ports.quorum;
    this.electionPort = ports.election;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  log(): string {
    return this.#log;
  }

  timedLines(): readonly TimedLine[] {
    return this.#timed;
  }

  restart(): Promise<void> {
    if (this.#child !== undefined) return Promise.reject(new Error(`member ${this.id} is running`));
    const child = spawn(
      process.execPath,
      [
        // e.g. ZKTS_MEMBER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the members
        ...(process.env.ZKTS_MEMBER_NODE_ARGS?.split(' ').filter((arg) => arg !== '') ?? []),
        ...(fromBuild ? [builtCli] : ['--conditions', '@zkts/source', '--import', 'tsx', cli]),
        'server',
        '--config',
        this.cfg,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#child = child;
    let seen = this.#log.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`member ${this.id} did not start:\n${this.#log}`)),
        60_000,
      );
      child.stderr!.on('data', (chunk: Buffer) => {
        this.#log += chunk.toString();
        const lines = (this.#unfinishedLine + chunk.toString()).split('\n');
        this.#unfinishedLine = lines.pop() ?? '';
        const at = Date.now();
        for (const text of lines) this.#timed.push({ at, text });
        if (this.onLog !== undefined) {
          const lines = this.#log.slice(seen).split('\n');
          const partial = lines.pop() ?? '';
          for (const line of lines) this.onLog(this.id, line);
          seen = this.#log.length - partial.length;
        }
        if (/ started \(last zxid /.test(this.#log.slice(this.#log.lastIndexOf('[zkts-run]')))) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.#child === child) this.#child = undefined;
        this.#log += `\n[zkts-run] exited (${code ?? signal})\n`;
        reject(new Error(`member ${this.id} exited with ${code ?? signal}:\n${this.#log}`));
      });
      this.#log += `\n[zkts-run] starting member ${this.id}\n`;
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      this.#child = undefined;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      child.once('exit', () => {
        this.#child = undefined;
        resolve();
      });
      child.kill(signal);
    });
  }
}
