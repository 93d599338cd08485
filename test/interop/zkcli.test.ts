/**
 * Apache ZooKeeper's own Java CLI (zkCli, `org.apache.zookeeper.ZooKeeperMain`) against each
 * target, driven line by line through stdin. The expected output is what zkCli printed
 * against the real ZooKeeper 3.8. zkCli has no multi command, so transactions are covered by
 * the other clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client';
import { type RunningTarget, targets } from '../support/targets';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { toolAvailable } from './tools';
import { ZkCli } from './zkcli-driver';

const enabled = toolAvailable('zkCli');

for (const target of await targets()) {
  describe.skipIf(!enabled)(`zkCli (Java) against ${target.name}`, { timeout: 20_000 }, () => {
    let server: RunningTarget;
    let cli: ZkCli;
    let probe: RawClient;

    beforeAll(async () => {
      server = await target.start();
      [cli, probe] = await Promise.all([
        ZkCli.start(server.address),
        RawClient.connect(server.host, server.port),
      ]);
      probe.keepAlive();
      await cli.cmd('create /zc');
    }, 60_000);
    afterAll(async () => {
      await cli?.quit();
      await probe?.close();
      await server?.stop();
    });

    it('create, get, set with version, stat, ls and delete', async () => {
      expect(await cli.cmd('create /zc/a hello')).toContain('Created /zc/a');
      expect(await cli.cmd('get /zc/a')).toBe('hello\n');
      expect(await cli.cmd('set -v 0 /zc/a world')).toBe('');
      expect(await cli.cmd('set -v 0 /zc/a again')).toContain('version No is not valid : /zc/a');
      const stat = await cli.cmd('stat /zc/a');
      expect(stat).toMatch(/dataVersion = 1\n/);
      expect(stat).toMatch(/dataLength = 5\n/);
      expect(stat).toMatch(/ephemeralOwner = 0x0\n/);
      expect(await cli.cmd('get /zc/a')).toBe('world\n');
      expect(await cli.cmd('create /zc/a')).toContain('Node already exists: /zc/a');
      expect(await cli.cmd('create /zc/a/kid')).toContain('Created /zc/a/kid');
      expect(await cli.cmd('ls /zc')).toBe('[a]\n');
      expect(await cli.cmd('delete /zc/a')).toContain('Node not empty: /zc/a');
      expect(await cli.cmd('deleteall /zc/a')).toBe('');
      expect(await cli.cmd('ls /zc')).toBe('[]\n');
      expect(await cli.cmd('get /zc/a')).toContain('Node does not exist: /zc/a');
    });

    it('ephemeral and sequential nodes, getEphemerals, getAllChildrenNumber', async () => {
      await cli.cmd('create /zc/q');
      expect(await cli.cmd('create -s /zc/q/job- x')).toContain('Created /zc/q/job-0000000000');
      expect(await cli.cmd('create -s /zc/q/job- y')).toContain('Created /zc/q/job-0000000001');
      expect(await cli.cmd('create -e /zc/q/eph x')).toContain('Created /zc/q/eph');
      expect(await cli.cmd('create -e -s /zc/q/es- x')).toContain('Created /zc/q/es-0000000003');
      expect(await cli.cmd('create /zc/q/eph/kid')).toContain(
        'Ephemerals cannot have children: /zc/q/eph/kid',
      );
      expect(await cli.cmd('getEphemerals /zc/q')).toMatch(
        /\[(\/zc\/q\/eph, \/zc\/q\/es-0000000003|\/zc\/q\/es-0000000003, \/zc\/q\/eph)\]/,
      );
      expect(await cli.cmd('getAllChildrenNumber /zc/q')).toBe('4\n');
      const owner = (await cli.cmd('stat /zc/q/eph')).match(/ephemeralOwner = (0x[0-9a-f]+)/)?.[1];
      expect(owner).not.toBe('0x0');
      // The node is visible to another session, owned by zkCli's session.
      const seen = await probe.request({ type: 3, path: '/zc/q/eph', watch: false });
      expect(seen.response).toMatchObject({ stat: { ephemeralOwner: BigInt(owner ?? '0') } });
    });

    it('a one-shot data watch fires on a change by another session, once', async () => {
      await cli.cmd('create /zc/w v0');
      expect(await cli.cmd('get -w /zc/w')).toBe('v0\n');
      await probe.request({ type: 5, path: '/zc/w', data: new TextEncoder().encode('v1'), version: -1 });
      await cli.waitFor(/WatchedEvent state:SyncConnected type:NodeDataChanged path:\/zc\/w/);
      await probe.request({ type: 5, path: '/zc/w', data: new TextEncoder().encode('v2'), version: -1 });
      expect(await cli.cmd('ls -w /zc')).toMatch(/w/);
      await probe.request({ type: 2, path: '/zc/w', version: -1 });
      await cli.waitFor(/type:NodeChildrenChanged path:\/zc\n/);
      // The earlier data watch was spent: no second NodeDataChanged for v2 was printed.
      expect(await cli.cmd('get /zc/w')).toContain('Node does not exist: /zc/w');
    });

    it('persistent recursive watch and removewatches', async () => {
      await cli.cmd('create /zc/tree');
      expect(await cli.cmd('addWatch -m PERSISTENT_RECURSIVE /zc/tree')).toBe('');
      await probe.request({
        type: 1,
        path: '/zc/tree/a',
        data: new Uint8Array(),
        acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
        flags: 0,
      });
      await cli.waitFor(/type:NodeCreated path:\/zc\/tree\/a\n/);
      await probe.request({ type: 5, path: '/zc/tree/a', data: new Uint8Array([1]), version: -1 });
      await cli.waitFor(/type:NodeDataChanged path:\/zc\/tree\/a\n/);
      expect(await cli.cmd('removewatches /zc/tree -a')).toContain(
        'type:PersistentWatchRemoved path:/zc/tree',
      );
    });

    it('digest auth: the creator reads, another session gets NoAuth', async () => {
      expect(await cli.cmd('addauth digest alice:secret')).toBe('');
      expect(await cli.cmd('create /zc/sec top-secret auth:alice:cdrwa')).toContain('Created /zc/sec');
      expect(await cli.cmd('getAcl /zc/sec')).toBe("'digest,'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=\n: cdrwa\n");
      expect(await cli.cmd('get /zc/sec')).toBe('top-secret\n');
      expect(await cli.cmd('whoami')).toMatch(/digest: alice/);
      const denied = await probe.request({ type: 4, path: '/zc/sec', watch: false });
      expect(denied.err).toBe(-102);
      expect(await cli.cmd('setAcl /zc/sec world:anyone:r')).toBe('');
      expect((await probe.request({ type: 4, path: '/zc/sec', watch: false })).err).toBe(0);
      expect(await cli.cmd('set /zc/sec x')).toContain('Insufficient permission : /zc/sec');
    });

    it('quotas (setquota / listquota / delquota), sync and delete with a version', async () => {
      await cli.cmd('create /zc/quota');
      expect(await cli.cmd('setquota -n 2 /zc/quota')).toBe('');
      const quota = 'Output quota for /zc/quota count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n';
      expect(await cli.cmd('listquota /zc/quota')).toBe(
        `absolute path is /zookeeper/quota/zc/quota/zookeeper_limits\n${quota}Output stat for /zc/quota count=1,bytes=0\n`,
      );
      for (const kid of ['a', 'b', 'c']) await cli.cmd(`create /zc/quota/${kid} xy`);
      // Soft quota (enforceQuota is off): creates succeed, the stat node keeps counting.
      expect(await cli.cmd('listquota /zc/quota')).toContain('Output stat for /zc/quota count=4,bytes=6\n');
      expect(await cli.cmd('delquota /zc/quota')).toBe('');
      expect(await cli.cmd('listquota /zc/quota')).toContain('quota for /zc/quota does not exist.');
      expect(await cli.cmd('sync /zc')).toBe('Sync is OK\n');
      await cli.cmd('create /zc/v x');
      expect(await cli.cmd('delete -v 3 /zc/v')).toContain('version No is not valid : /zc/v');
      expect(await cli.cmd('delete -v 0 /zc/v')).toBe('');
      expect(await cli.cmd('stat /zc/v')).toContain('Node does not exist: /zc/v');
    });

    it('session resumption: after the TCP connection is cut the session and its ephemeral survive', async () => {
      const proxy: TcpProxy = await startTcpProxy(server.host, server.port);
      const viaProxy = await ZkCli.start(proxy.address);
      try {
        await viaProxy.cmd('create -e /zc/resume x');
        const before = (await viaProxy.cmd('stat /zc/resume')).match(/ephemeralOwner = (0x[0-9a-f]+)/)?.[1];
        expect(proxy.cut()).toBe(1);
        await viaProxy.waitFor(/state:Disconnected/);
        await viaProxy.waitFor(/state:SyncConnected type:None/);
        expect(proxy.accepted).toBe(2);
        const after = (await viaProxy.cmd('stat /zc/resume')).match(/ephemeralOwner = (0x[0-9a-f]+)/)?.[1];
        expect(after).toBe(before);
      } finally {
        await viaProxy.quit();
        await proxy.close();
      }
      // zkCli's quit closed the session: its ephemeral is gone.
      expect((await probe.request({ type: 3, path: '/zc/resume', watch: false })).err).toBe(-101);
    });
  });
}
