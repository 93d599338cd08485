/**
 * The ZooKeeper C client's shell `cli_mt` (zookeeper-bin) against each target, fed commands on
 * stdin; it prints each completion as `<path>: rc = <code>`. cli_mt has no multi, ACL or
 * version arguments (`create` always stores "new"), so ACL denial uses a node protected by
 * another session, and transactions are covered by the other clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractiveProcess } from '../support/interactive-process';
import { RawClient } from '../support/raw-client';
import { type RunningTarget, targets } from '../support/targets';
import { startTcpProxy } from '../support/tcp-proxy';
import { startCliMt } from './cli-mt-driver';
import { toolAvailable } from './tools';

const text = (value: string) => new TextEncoder().encode(value);

const enabled = toolAvailable('cliMt');

for (const target of await targets()) {
  describe.skipIf(!enabled)(`cli_mt (C client) against ${target.name}`, { timeout: 20_000 }, () => {
    let server: RunningTarget;
    let cli: InteractiveProcess;
    let sessionId: bigint;
    let probe: RawClient;

    beforeAll(async () => {
      server = await target.start();
      ({ cli, sessionId } = await startCliMt(server.address));
      probe = await RawClient.connect(server.host, server.port);
      probe.keepAlive();
      await cli.run('create /cm', /\[\/cm\]: rc = 0\n/);
    }, 60_000);
    afterAll(async () => {
      cli?.send('quit');
      await cli?.stop();
      await probe?.close();
      await server?.stop();
    });

    it('create, get, set, ls, delete and their error codes', async () => {
      await cli.run('create /cm/a', /\[\/cm\/a\]: rc = 0\n\tname = \/cm\/a\n/);
      await cli.run('get /cm/a', /\/cm\/a: rc = 0\n value_len = 3\nnew\n/);
      // `get` left a data watch: cli_mt's own set fires it.
      await cli.run('set /cm/a world', /Watcher CHANGED_EVENT state = CONNECTED_STATE for path \/cm\/a/);
      await cli.waitFor(/\/cm\/a: rc = 0 Stat:[\s\S]*?version=1/);
      await cli.run('get /cm/a', /value_len = 5\nworld\n/);
      await cli.run('create /cm/a', /\[\/cm\/a\]: rc = -110\n/);
      await cli.run('create /cm/nope/x', /\[\/cm\/nope\/x\]: rc = -101\n/);
      await cli.run('create /cm/a/kid', /\[\/cm\/a\/kid\]: rc = 0\n/);
      await cli.run('delete /cm/a', /\/cm\/a: rc = -111\n/);
      await cli.run('ls /cm/a', /\/cm\/a: rc = 0\n\tkid\n/);
      await cli.run('delete /cm/a/kid', /\/cm\/a\/kid: rc = 0\n/);
      await cli.run('delete /cm/a', /\/cm\/a: rc = 0\n/);
      await cli.run('get /cm/a', /\/cm\/a: rc = -101\n/);
      await cli.run(
        'create2 /cm/b',
        /\[\/cm\/b\]: rc = 0\n\tname = \/cm\/b\n\tctime = [^\n]+\n\tczxid=[0-9a-f]+\n/,
      );
    });

    it('sequential and ephemeral nodes', async () => {
      await cli.run('create /cm/q', /\[\/cm\/q\]: rc = 0\n/);
      await cli.run('create +s /cm/q/job-', /name = \/cm\/q\/job-0000000000\n/);
      await cli.run('create +e /cm/q/eph', /\[\/cm\/q\/eph\]: rc = 0\n/);
      await cli.run('create +es /cm/q/es-', /name = \/cm\/q\/es-0000000002\n/);
      await cli.run('create /cm/q/eph/kid', /\[\/cm\/q\/eph\/kid\]: rc = -108\n/);
      const seen = await probe.request({ type: 3, path: '/cm/q/eph', watch: false });
      expect(seen.response).toMatchObject({ stat: { ephemeralOwner: sessionId } });
    });

    it('exists watch (wexists) fires on a create by another session', async () => {
      await cli.run('wexists /cm/w', /Error -101 for \/cm\/w\n/);
      await probe.request({
        type: 1,
        path: '/cm/w',
        data: text(''),
        acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
        flags: 0,
      });
      await cli.waitFor(/Watcher CREATED_EVENT state = CONNECTED_STATE for path \/cm\/w\n/);
    });

    it('digest auth: NoAuth (−102) until addauth', async () => {
      await probe.request({ type: 100, authType: 0, scheme: 'digest', auth: text('dave:pw') });
      await probe.request({
        type: 1,
        path: '/cm/sec',
        data: text('s'),
        acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }],
        flags: 0,
      });
      await cli.run('get /cm/sec', /\/cm\/sec: rc = -102\n/);
      cli.send('addauth digest dave:pw');
      await cli.run('get /cm/sec', /\/cm\/sec: rc = 0\n value_len = 1\ns\n/);
    });

    it('session resumption after the TCP connection is cut keeps the session and its ephemeral', async () => {
      const proxy = await startTcpProxy(server.host, server.port);
      const { cli: viaProxy, sessionId: proxied } = await startCliMt(proxy.address);
      try {
        await viaProxy.run('create +e /cm/resume', /\[\/cm\/resume\]: rc = 0\n/);
        expect(proxy.cut()).toBe(1);
        await viaProxy.waitFor(/Watcher SESSION_EVENT state = CONNECTED_STATE/);
        await viaProxy.run('ls /cm', /\/cm: rc = 0\n/);
        expect(proxy.accepted).toBeGreaterThanOrEqual(2);
        const seen = await probe.request({ type: 3, path: '/cm/resume', watch: false });
        expect(seen.response).toMatchObject({ stat: { ephemeralOwner: proxied } });
      } finally {
        viaProxy.send('quit');
        await viaProxy.exited;
        await proxy.close();
      }
      expect((await probe.request({ type: 3, path: '/cm/resume', watch: false })).err).toBe(-101);
    });
  });
}
