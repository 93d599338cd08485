/**
 * Records golden frames from the real Apache ZooKeeper 3.8 and real clients into
 * packages/protocol/fixtures/*.json. Needs the Debian packages zookeeper, zookeeper-bin
 * (cli_mt) and python3-kazoo, and node-zookeeper-client (a devDependency).
 *
 *   node --import tsx packages/protocol/scripts/record-fixtures.ts [kazoo|nzc|java|c ...]
 *
 * Each client runs a list of commands through RecordingProxy; every frame is stored as hex with
 * its direction, kind, opcode, the client and the command that produced it. Tests decode and
 * re-encode these frames, so they need neither the server nor the clients.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fourLetterWord, type RealZooKeeper, startRealZooKeeper } from '../../../test/support/real-zookeeper';
import { type RecordedCommand, RecordingProxy } from './recording-proxy';

const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = join(here, '..', 'fixtures');
const require = createRequire(import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FixtureFile {
  zookeeperVersion: string;
  client: string;
  description: string;
  commands: RecordedCommand[];
}

/** Resolves when the child has exited, even if it already had before this was called. */
function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Runs a driver process that prints "STEP <command>" before each command and waits for a line
 * on stdin; "DROP" asks for the proxied connections to be cut; "DONE" ends it.
 */
async function runStepDriver(proxy: RecordingProxy, command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('STEP ')) {
      await sleep(150); // let replies and notifications of the previous step land under its label
      proxy.command = line.slice(5);
      child.stdin!.write('go\n');
    } else if (line === 'DROP') {
      await sleep(300);
      proxy.command = 'reconnect after the connection dropped: resume session, replay auth';
      proxy.dropConnections();
      child.stdin!.write('go\n');
    } else if (line === 'DONE') {
      break;
    }
  }
  await waitForExit(child);
}

/** kazoo: most of the API, raw addWatch/createTTL/createContainer, a watch firing, a reconnect, pings. */
async function recordKazoo(proxy: RecordingProxy): Promise<string> {
  await runStepDriver(proxy, '/usr/bin/python3', [join(here, 'drive-kazoo.py'), `127.0.0.1:${proxy.port}`]);
  const version = readFileSync('/usr/lib/python3/dist-packages/kazoo/version.py', 'utf8').match(
    /'([\d.]+)'/,
  )?.[1];
  return `kazoo ${version ?? '?'} (python3-kazoo)`;
}

/** The Java client API: multiRead, checkWatches, null data, TTL/container ops inside multi. */
async function recordJavaApi(proxy: RecordingProxy): Promise<string> {
  await runStepDriver(proxy, 'java', [
    '-cp',
    '/usr/share/java/*',
    join(here, 'DriveJavaApi.java'),
    `127.0.0.1:${proxy.port}`,
  ]);
  return 'Java client API 3.8.0 (libzookeeper-java)';
}

type Callback<T> = (error: Error | null, result?: T) => void;

/** node-zookeeper-client: the 44-byte ConnectRequest of old clients and its 36-byte answer. */
async function recordNodeZookeeperClient(proxy: RecordingProxy): Promise<string> {
  const zookeeper = require('node-zookeeper-client');
  const { version } = require('node-zookeeper-client/package.json') as { version: string };
  const client = zookeeper.createClient(`127.0.0.1:${proxy.port}`, { sessionTimeout: 6000, retries: 0 });
  const call = <T>(fn: (cb: Callback<T>) => void) =>
    new Promise<T | Error>((resolve) => fn((error, result) => resolve(error ?? (result as T))));
  proxy.command = 'connect (44-byte ConnectRequest)';
  await new Promise<void>((resolve) => {
    client.once('connected', () => resolve());
    client.connect();
  });
  const acl = zookeeper.ACL.OPEN_ACL_UNSAFE;
  const steps: [string, () => Promise<unknown>][] = [
    ['create persistent', () => call((cb) => client.create('/nzc', Buffer.from('v1'), acl, 0, cb))],
    [
      'create ephemeral sequential',
      () => call((cb) => client.create('/nzc/e-', Buffer.from('x'), acl, 3, cb)),
    ],
    ['create without data (null buffer)', () => call((cb) => client.create('/nzc/empty', cb))],
    ['getData with watcher', () => call((cb) => client.getData('/nzc', () => {}, cb))],
    ['setData (fires the data watch)', () => call((cb) => client.setData('/nzc', Buffer.from('v2'), -1, cb))],
    ['exists with watcher', () => call((cb) => client.exists('/nzc/none', () => {}, cb))],
    ['getChildren (getChildren2)', () => call((cb) => client.getChildren('/nzc', cb))],
    ['getACL', () => call((cb) => client.getACL('/nzc', cb))],
    ['setACL', () => call((cb) => client.setACL('/nzc/empty', zookeeper.ACL.READ_ACL_UNSAFE, -1, cb))],
    ['addAuthInfo digest', async () => client.addAuthInfo('digest', Buffer.from('nzc:pw'))],
    [
      'transaction',
      () =>
        call((cb) =>
          client
            .transaction()
            .create('/nzc/t', Buffer.from('t'), acl, 0)
            .check('/nzc', 1)
            .setData('/nzc/t', Buffer.from('u'), -1)
            .remove('/nzc/t', -1)
            .commit(cb),
        ),
    ],
    ['remove', () => call((cb) => client.remove('/nzc/empty', -1, cb))],
    ['remove missing (NoNode)', () => call((cb) => client.remove('/nzc/empty', -1, cb))],
  ];
  for (const [command, run] of steps) {
    proxy.command = command;
    await run();
    await sleep(150);
  }
  proxy.command = 'close';
  await new Promise<void>((resolve) => {
    client.once('disconnected', () => resolve());
    client.close();
  });
  await sleep(200);
  return `node-zookeeper-client ${version}`;
}

/** The Java CLI, one JVM per command. */
async function recordJavaCli(proxy: RecordingProxy): Promise<string> {
  const server = `127.0.0.1:${proxy.port}`;
  const run = async (command: string) => {
    proxy.command = `zkCli ${command}`;
    const child = spawn(
      'java',
      [
        '-Dzookeeper.jmx.log4j.disable=true',
        '-cp',
        '/usr/share/java/*',
        'org.apache.zookeeper.ZooKeeperMain',
        '-server',
        server,
        ...command.split(' '),
      ],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
    await waitForExit(child);
    await sleep(150);
  };
  for (const command of [
    'create /java',
    'create /java/data hello',
    'create -e /java/eph e',
    'create -s /java/seq- s',
    'create -c /java/container c',
    'create -t 60000 /java/ttl t',
    'create -s -t 60000 /java/ttlseq- t',
    'get -s /java/data',
    'set /java/data world',
    'stat /java/data',
    'ls /java',
    'ls -s /java',
    'ls -R /java',
    'getAcl /java/data',
    'setAcl /java/data world:anyone:cdrwa',
    'sync /java',
    'whoami',
    'getEphemerals',
    'getEphemerals /java',
    'getAllChildrenNumber /java',
    'addWatch /java',
    'addWatch -m PERSISTENT /java/data',
    'setquota -n 5 /java',
    'listquota /java',
    'delquota -n /java',
    'delete /java/seq-0000000001',
    'deleteall /java/data',
    'get /java/none',
  ]) {
    await run(command);
  }
  await recordJavaInteractive(proxy);
  return 'Java client ZooKeeperMain 3.8.0 (libzookeeper-java)';
}

/** One interactive zkCli session: watches, removewatches, then a reconnect that sends SetWatches2. */
async function recordJavaInteractive(proxy: RecordingProxy): Promise<void> {
  const child = spawn(
    'java',
    ['-cp', '/usr/share/java/*', 'org.apache.zookeeper.ZooKeeperMain', '-server', `127.0.0.1:${proxy.port}`],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  const send = async (command: string, label = `zkCli (interactive) ${command}`) => {
    proxy.command = label;
    child.stdin!.write(`${command}\n`);
    await sleep(900);
  };
  proxy.command = 'zkCli (interactive) connect';
  await sleep(2500);
  await send('addauth digest javauser:pw');
  await send('create /javaw w');
  await send('get -w /javaw');
  await send('ls -w /javaw');
  await send('addWatch -m PERSISTENT_RECURSIVE /javaw');
  await send('removewatches /javaw -c');
  await send('set /javaw w2');
  proxy.command = 'zkCli (interactive) reconnect: SetWatches2 with persistent watches';
  proxy.dropConnections();
  await sleep(4000);
  await send('removewatches /javaw -a');
  await send('quit');
  await waitForExit(child);
}

/** The C client's cli_mt, one interactive session. */
async function recordCCli(proxy: RecordingProxy): Promise<string> {
  const child = spawn('/usr/lib/zookeeper/bin/cli_mt', ['-h', `127.0.0.1:${proxy.port}`], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const send = async (command: string) => {
    proxy.command = `cli_mt ${command}`;
    child.stdin!.write(`${command}\n`);
    await sleep(600);
  };
  proxy.command = 'cli_mt connect';
  await sleep(1500);
  for (const command of [
    'create /c',
    'create +e /c/eph',
    'create +s /c/seq-',
    'create +c /c/container',
    'create +t=60000 /c/ttl',
    'create2 /c/two',
    'set /c newdata',
    'get /c',
    'exists /c',
    'wexists /c/later',
    'ls /c',
    'ls2 /c',
    'sync /c',
    'config',
    'reconfig -add 2=127.0.0.1:2888:3888;2182',
    'addauth digest cuser:pw',
    'create /c/none/child',
    'delete /c/two',
  ]) {
    await send(command);
  }
  proxy.command = 'cli_mt reconnect: SetWatches (101) re-arms the exists watch';
  proxy.dropConnections();
  await sleep(3000);
  await send('quit');
  await sleep(500);
  child.kill();
  return 'C client cli_mt 3.8.0 (zookeeper-bin)';
}

const recorders: Record<
  string,
  { file: string; description: string; run: (p: RecordingProxy) => Promise<string> }
> = {
  kazoo: { file: 'kazoo.json', description: 'kazoo through the whole API', run: recordKazoo },
  nzc: {
    file: 'node-zookeeper-client.json',
    description: '44-byte connect, no readOnly',
    run: recordNodeZookeeperClient,
  },
  java: {
    file: 'java-cli.json',
    description: 'zkCli commands, one JVM each, plus an interactive session',
    run: recordJavaCli,
  },
  'java-api': {
    file: 'java-api.json',
    description: 'Java client API calls no CLI command makes',
    run: recordJavaApi,
  },
  c: { file: 'c-cli.json', description: 'cli_mt interactive session', run: recordCCli },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(recorders);
  let zk: RealZooKeeper | undefined;
  try {
    zk = await startRealZooKeeper({ systemProperties: { 'zookeeper.extendedTypesEnabled': 'true' } });
    const version = (await fourLetterWord(zk.port, 'srvr')).match(/version: ([^\s,-]+)/)?.[1] ?? 'unknown';
    for (const name of names) {
      const recorder = recorders[name];
      if (recorder === undefined)
        throw new Error(`unknown client ${name}; pick from ${Object.keys(recorders)}`);
      const proxy = new RecordingProxy(zk.port);
      await proxy.listen();
      const client = await recorder.run(proxy);
      await sleep(300);
      await proxy.close();
      const fixture: FixtureFile = {
        zookeeperVersion: version,
        client,
        description: recorder.description,
        commands: proxy.recorded,
      };
      writeFileSync(join(fixturesDir, recorder.file), `${JSON.stringify(fixture, null, 1)}\n`);
      const frames = proxy.recorded.reduce((n, c) => n + c.frames.length, 0);
      console.log(
        `${recorder.file}: ${proxy.recorded.length} commands, ${frames} frames (${client}, ZooKeeper ${version})`,
      );
    }
  } finally {
    await zk?.stop();
  }
}

await main();
