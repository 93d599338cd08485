import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, silentLogger } from '@zkts/server';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const example = (name: string, args: string[] = []) =>
  run(
    process.execPath,
    ['--conditions=@zkts/source', '--import', 'tsx', `examples/recipes/${name}/main.ts`, ...args],
    {
      timeout: 60_000,
    },
  ).then(({ stdout }) => stdout);

// Smoke tests: each recipe example (examples/recipes/README.md) runs and says what it claims.
describe('recipe examples', () => {
  it('lock: no lost update under the mutex', async () => {
    expect(await example('lock')).toContain('counter = 20 (expected 20)');
  });

  it('lock, against a server over TCP with --server', async () => {
    const server = await createServer({ port: 0, logger: silentLogger });
    try {
      expect(await example('lock', ['--server', server.connectString])).toContain(
        'counter = 20 (expected 20)',
      );
    } finally {
      await server.close();
    }
  });

  it('leader-election: two handovers, one leader at the end', async () => {
    const out = await example('leader-election');
    expect(out).toMatch(
      /alpha is now the leader\nkilling alpha\nbeta is now the leader\nkilling beta\ngamma is now the leader\n/,
    );
    expect(out).toContain('leaders now: 1');
  });

  it('service-registry: round-robin, then the vanished instance is dropped', async () => {
    const out = await example('service-registry');
    expect(out).toContain('picks: 8081 8082 8083 8081 8082 8083');
    expect(out).toContain('after 8082 left: 8081 8083 8081 8083');
  });

  it('config-pubsub: every subscriber sees every version', async () => {
    const out = await example('config-pubsub');
    expect(out).toContain('web saw: timeout=10, timeout=20');
    expect(out).toContain('worker saw: timeout=10, timeout=20');
  });

  it('membership: members with their data, then one leaves', async () => {
    const out = await example('membership');
    expect(out).toContain('members: n1@10.0.0.1:7000 n2@10.0.0.2:7000 n3@10.0.0.3:7000');
    expect(out).toContain('after n3 left: n1@10.0.0.1:7000 n2@10.0.0.2:7000');
  });

  it('naming: distinct sequential ids', async () => {
    expect(await example('naming')).toContain('distinct ids: 5 of 5, sorted: 0 1 2 3 4');
  });

  it("work-queue: a dead worker's job is done by another, none twice", async () => {
    const out = await example('work-queue');
    expect(out).toMatch(/w3 dies holding job-\d+/);
    expect(out).toContain('jobs done: 10, distinct: 10');
  });
});
