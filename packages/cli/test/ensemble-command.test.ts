import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createClient } from '@zkts/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ensembleArgs, UsageError } from '../src/index';

const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A base port whose client, quorum and election ranges (base, +100, +200) are all free now. */
async function freeBasePort(size: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = [0, 100, 200].flatMap((offset) =>
      Array.from({ length: size }, (_, i) => base + offset + i),
    );
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
}

/** `zkts ensemble …` from the sources, with its stdout as lines one can wait for. */
function startEnsemble(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--conditions', '@zkts/source', '--import', 'tsx', cli, 'ensemble', ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of waiters.splice(0)) waiter();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  /** Resolves with the first match of `pattern` in stdout after `from` (an offset). */
  const waitFor = (pattern: RegExp, from = 0, timeoutMs = 30_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        const match = pattern.exec(stdout.slice(from));
        if (match !== null) {
          clearTimeout(timer);
          resolve(match);
        } else waiters.push(check);
      };
      check();
    });
  return { child, waitFor, stdout: () => stdout, send: (line: string) => child.stdin!.write(`${line}\n`) };
}

describe('zkts ensemble', () => {
  it('runs a 3-member ensemble a client uses, survives killing the leader, restarts it, and stops on SIGINT', async () => {
    const base = await freeBasePort(3);
    const ensemble = startEnsemble(['--base-port', String(base), '--tick-time', '200']);
    const [, connectString] = await ensemble.waitFor(/^connect string: (\S+)$/m);
    expect(connectString).toBe(`127.0.0.1:${base},127.0.0.1:${base + 1},127.0.0.1:${base + 2}`);
    const dataRoot = /data in (\S+)/.exec(ensemble.stdout())![1]!;
    const [, firstLeader] = await ensemble.waitFor(/^member (\d): leader$/m);

    const zk = createClient(connectString!, { sessionTimeout: 10_000 });
    await zk.connected();
    await zk.create('/kept', 'before');

    let mark = ensemble.stdout().length;
    ensemble.send(`kill ${firstLeader}`);
    await ensemble.waitFor(new RegExp(`^member ${firstLeader}: down$`, 'm'), mark);
    const [, secondLeader] = await ensemble.waitFor(/^member (\d): leader$/m, mark);
    expect(secondLeader).not.toBe(firstLeader);
    await zk.setData('/kept', 'after');

    mark = ensemble.stdout().length;
    ensemble.send(`start ${firstLeader}`);
    await ensemble.waitFor(new RegExp(`^member ${firstLeader}: follower$`, 'm'), mark);
    const reader = createClient(`127.0.0.1:${base + Number(firstLeader) - 1}`);
    await reader.sync('/kept');
    expect(Buffer.from((await reader.getData('/kept')).data).toString()).toBe('after');
    await Promise.all([zk.close(), reader.close()]);

    // a clean stop and start of the same member (its dataDir lock released by close)
    mark = ensemble.stdout().length;
    ensemble.send(`stop ${firstLeader}`);
    await ensemble.waitFor(new RegExp(`^member ${firstLeader}: down$`, 'm'), mark);
    ensemble.send(`start ${firstLeader}`);
    await ensemble.waitFor(new RegExp(`^member ${firstLeader}: follower$`, 'm'), mark);

    mark = ensemble.stdout().length;
    ensemble.send('status');
    await ensemble.waitFor(/^member 3: \w+$/m, mark);
    ensemble.send('kill 9');
    await ensemble.waitFor(/^error: no member "9": ids are 1 to 3$/m, mark);

    const exited = new Promise<number | null>((resolve) => ensemble.child.once('exit', resolve));
    ensemble.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(dataRoot)).toBe(false);
  }, 90_000);

  it('checks its arguments', () => {
    expect(ensembleArgs([])).toEqual({
      size: 3,
      observers: 0,
      basePort: 2181,
      dataDir: undefined,
      tickTime: 2000,
      verbose: false,
    });
    expect(() => ensembleArgs(['--size', '1'])).toThrow(UsageError);
    expect(() => ensembleArgs(['--size', '3', '--observers', '2'])).toThrow(/at least 2 voting/);
    expect(() => ensembleArgs(['--size', 'x'])).toThrow(/--size must be an integer/);
    expect(() => ensembleArgs(['--bogus'])).toThrow(UsageError);
    const run = spawnSync(
      process.execPath,
      ['--conditions', '@zkts/source', '--import', 'tsx', cli, 'ensemble', '--size', '1'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('zkts ensemble: --size must be an integer from 2 to 15, got "1"\n');
  });
});
