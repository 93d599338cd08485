import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's `zookeeper` package puts the reference server (Apache ZooKeeper 3.8). */
export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

export function realZooKeeperAvailable(): boolean {
  return existsSync(ZOOKEEPER_JAR);
}

export interface RealZooKeeper {
  host: string;
  port: number;
  /** `host:port`, for connect strings. */
  address: string;
  dataDir: string;
  /** The JVM's process id (for /proc/<pid>/stat CPU and RSS readings). */
  pid: number;
  stop(): Promise<void>;
}

export interface RealZooKeeperOptions {
  /** Java system properties, e.g. `{ 'zookeeper.extendedTypesEnabled': 'true' }`. */
  systemProperties?: Record<string, string>;
  startTimeoutMs?: number;
  /**
   * zoo.cfg tickTime in ms (ZooKeeper's own default 3000). Sessions are clamped to
   * [2×, 20×] tickTime, so a small tickTime allows short session timeouts in tests.
   */
  tickTime?: number;
  /** Further zoo.cfg lines, e.g. `{ maxClientCnxns: '0', forceSync: 'yes' }`. */
  config?: Record<string, string>;
  /** JVM heap options; default `['-Xms64m']`. */
  jvmOptions?: string[];
  /** Reuse this data directory (kept on stop) instead of a fresh temporary one. */
  dataDir?: string;
  /** Listen on this port instead of a free one (e.g. to restart on the same address). */
  port?: number;
  /** The JVM class path; default the ZooKeeper jar alone (TLS needs Netty: `/usr/share/java/*`). */
  classpath?: string;
}

/** A free TCP port on loopback, as the OS hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Sends a four-letter word and returns the whole answer ('' when the port is not open). */
export function fourLetterWord(port: number, word: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = createConnection({ host, port }, () => socket.end(word));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => resolve(''));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.setTimeout(2000, () => socket.destroy());
  });
}

/** Writes a zoo.cfg of `key=value` lines. */
export function writeZooCfg(file: string, settings: Record<string, string>): void {
  writeFileSync(
    file,
    `${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
}

/**
 * The `java` arguments that run ZooKeeper's `mainClass` on `configFile`: admin server off, every
 * four-letter word allowed, dates in UTC and en-US (4lw answers as zkts prints them, whatever
 * the machine's zone and locale), then the caller's properties and heap options.
 */
export function zookeeperJvmArgs(
  mainClass: string,
  configFile: string,
  options: Pick<RealZooKeeperOptions, 'systemProperties' | 'jvmOptions' | 'classpath'> = {},
): string[] {
  const properties = {
    'zookeeper.admin.enableServer': 'false',
    'zookeeper.4lw.commands.whitelist': '*',
    'user.timezone': 'UTC',
    'user.language': 'en',
    'user.country': 'US',
    ...options.systemProperties,
  };
  return [
    ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`),
    ...(options.jvmOptions ?? ['-Xms64m']),
    '-cp',
    options.classpath ?? ZOOKEEPER_JAR,
    mainClass,
    configFile,
  ];
}

/**
 * Starts the real Apache ZooKeeper 3.8 standalone on a free loopback port with a fresh data
 * directory, and resolves once it serves requests.
 */
export async function startRealZooKeeper(options: RealZooKeeperOptions = {}): Promise<RealZooKeeper> {
  if (!realZooKeeperAvailable()) {
    throw new Error(`Apache ZooKeeper is not installed (${ZOOKEEPER_JAR}); run scripts/setup.sh`);
  }
  const port = options.port ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'real-zk-'));
  // A zoo.cfg rather than `port dataDir [tickTime [maxcnxns]]`, so any setting can be given.
  const configFile = join(dataDir, 'zoo.cfg');
  writeZooCfg(configFile, {
    tickTime: String(options.tickTime ?? 3000),
    dataDir,
    clientPort: String(port),
    clientPortAddress: '127.0.0.1',
    ...options.config,
  });
  const args = zookeeperJvmArgs('org.apache.zookeeper.server.ZooKeeperServerMain', configFile, options);
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const answer = await fourLetterWord(port, 'srvr');
    if (answer.startsWith('Zookeeper version')) {
      return {
        host: '127.0.0.1',
        port,
        address: `127.0.0.1:${port}`,
        dataDir,
        pid: child.pid ?? -1,
        async stop() {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
          if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  throw new Error(`Apache ZooKeeper did not start on port ${port}: ${stderr.slice(-2000)}`);
}
