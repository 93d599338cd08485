/**
 * The servers a cross-package suite can run against: the real Apache ZooKeeper 3.8 (the
 * reference) and zkts's own server. A suite is written once against `Target` and repeated for
 * each entry of `targets()`, so every interop, differential and fuzz test both documents
 * ZooKeeper's behaviour and checks ours against it.
 *
 * Selection: `ZKTS_TARGETS=zookeeper,zkts` (default both). A target whose implementation is
 * missing (no Java/ZooKeeper jar, or no `createServer` exported by @zkts/server yet) is left
 * out, except the real ZooKeeper when `CI` is set: CI installs it, so there it fails loudly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realZooKeeperAvailable, startRealZooKeeper } from './real-zookeeper';

export type TargetName = 'zookeeper' | 'zkts';

export interface TargetOptions {
  /** tickTime in ms (default 2000 here); sessions are clamped to [2×, 20×] tickTime. */
  tickTime?: number;
  /** fsync every commit (ZooKeeper's forceSync; default true for both). */
  forceSync?: boolean;
  /** Connections allowed per client IP; default 0 = unlimited (ZooKeeper's own default is 60). */
  maxClientCnxns?: number;
  /** The superuser's digest id (`super:<hash>`): DigestAuthenticationProvider.superDigest. */
  superDigest?: string;
}

export interface RunningTarget {
  name: TargetName;
  host: string;
  port: number;
  /** `host:port`, for connect strings. */
  address: string;
  dataDir: string;
  /**
   * Stops the server and starts it again on the same port and data directory. ZooKeeper is
   * killed (SIGKILL, a crash: with forceSync every acknowledged write is on disk); zkts is
   * closed and re-created in this process.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface Target {
  name: TargetName;
  start(options?: TargetOptions): Promise<RunningTarget>;
}

export const zookeeperTarget: Target = {
  name: 'zookeeper',
  async start(options = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'real-zk-target-'));
    const launch = (port?: number) =>
      startRealZooKeeper({
        systemProperties: {
          'zookeeper.extendedTypesEnabled': 'true',
          ...(options.superDigest === undefined
            ? {}
            : { 'zookeeper.DigestAuthenticationProvider.superDigest': options.superDigest }),
        },
        tickTime: options.tickTime ?? 2000,
        config: {
          maxClientCnxns: String(options.maxClientCnxns ?? 0),
          forceSync: options.forceSync === false ? 'no' : 'yes',
        },
        dataDir,
        ...(port === undefined ? {} : { port }),
      });
    let zk = await launch();
    return {
      name: 'zookeeper',
      host: zk.host,
      port: zk.port,
      address: zk.address,
      dataDir,
      async restart() {
        await zk.stop();
        zk = await launch(zk.port);
      },
      async stop() {
        await zk.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** The shape of @zkts/server's entry point as far as these suites use it. */
interface ZktsServerModule {
  silentLogger?: unknown;
  createServer(options: Record<string, unknown>): Promise<{
    address: { host: string; port: number };
    close(): Promise<void>;
  }>;
}

async function loadZktsServer(): Promise<ZktsServerModule | undefined> {
  // A variable specifier keeps this file typechecking before @zkts/server exports createServer.
  const specifier = '@zkts/server';
  const module = (await import(specifier)) as Partial<ZktsServerModule>;
  return typeof module.createServer === 'function' ? (module as ZktsServerModule) : undefined;
}

export const zktsTarget: Target = {
  name: 'zkts',
  async start(options = {}) {
    const module = await loadZktsServer();
    if (!module) throw new Error('@zkts/server does not export createServer yet');
    const dataDir = mkdtempSync(join(tmpdir(), 'zkts-target-'));
    const launch = (port: number) =>
      module.createServer({
        host: '127.0.0.1',
        port,
        dataDir,
        tickTime: options.tickTime ?? 2000,
        forceSync: options.forceSync ?? true,
        maxClientCnxns: options.maxClientCnxns ?? 0,
        extendedTypesEnabled: true,
        fourLetterWordWhitelist: '*',
        ...(options.superDigest === undefined ? {} : { superDigest: options.superDigest }),
        ...(module.silentLogger === undefined ? {} : { logger: module.silentLogger }),
      });
    let server = await launch(0);
    const { host, port } = server.address;
    return {
      name: 'zkts',
      host,
      port,
      address: `${host}:${port}`,
      dataDir,
      async restart() {
        await server.close();
        server = await launch(port);
      },
      async stop() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** Whether a target can run on this machine. */
async function available(target: Target): Promise<boolean> {
  if (target.name === 'zookeeper') return realZooKeeperAvailable();
  // An @zkts/server that fails to load is a failure in CI, not a reason to skip its target.
  const module = await loadZktsServer().catch((error: unknown) => {
    if (process.env.CI) throw error;
    return undefined;
  });
  return module !== undefined;
}

/**
 * The targets selected by ZKTS_TARGETS (default both) that can run here. An unavailable one is
 * dropped with a message, except the real ZooKeeper in CI: CI installs it, so there a missing
 * Java/ZooKeeper must fail its suites rather than skip them. (zkts is available exactly when
 * @zkts/server exports createServer.)
 */
export async function targets(): Promise<Target[]> {
  const wanted = (process.env.ZKTS_TARGETS ?? 'zookeeper,zkts').split(',').map((name) => name.trim());
  const selected: Target[] = [];
  for (const target of [zookeeperTarget, zktsTarget]) {
    if (!wanted.includes(target.name)) continue;
    if ((process.env.CI && target.name === 'zookeeper') || (await available(target))) {
      selected.push(target);
    } else {
      console.warn(`[targets] skipping target '${target.name}': not available on this machine`);
    }
  }
  return selected;
}
