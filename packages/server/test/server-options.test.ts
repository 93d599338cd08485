import { createClient, type ZooKeeperClient } from '@zkts/client';
import { digestId, ErrorCode, OPEN_ACL_UNSAFE, OpCode, Perms } from '@zkts/core';
import { decodeReplyHeader } from '@zkts/protocol';
import { createMemoryStorage, type Storage } from '@zkts/storage';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ZooKeeperServer } from '../src/index';
import { RawClient } from './raw-client';
import { startServer } from './support';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<ZooKeeperServer> {
  const s = await startServer(options);
  cleanups.push(() => s.close());
  return s;
}

async function client(s: ZooKeeperServer): Promise<ZooKeeperClient> {
  const zk = createClient(s.connectString, { sessionTimeout: 10_000 });
  cleanups.push(() => zk.close());
  await zk.connected();
  return zk;
}

/** The KeeperException code a call failed with, or 0 when it succeeded. */
async function codeOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe('superDigest', () => {
  it('makes digest super:password the superuser: a stranger gets NOAUTH, super reads, writes and deletes', async () => {
    const s = await server({ superDigest: digestId('super', 'secret') });
    const owner = await client(s);
    await owner.addAuthInfo('digest', 'alice:pw');
    await owner.create('/private', 'mine', {
      acl: [{ perms: Perms.ALL, id: { scheme: 'digest', id: digestId('alice', 'pw') } }],
    });
    await owner.create('/private/child', 'c', {
      acl: [{ perms: Perms.ALL, id: { scheme: 'digest', id: digestId('alice', 'pw') } }],
    });

    const stranger = await client(s);
    expect(await codeOf(stranger.getData('/private'))).toBe(ErrorCode.NOAUTH);
    expect(await codeOf(stranger.setData('/private', 'x'))).toBe(ErrorCode.NOAUTH);
    // a wrong super password is just another digest user
    await stranger.addAuthInfo('digest', 'super:wrong');
    expect(await codeOf(stranger.getData('/private'))).toBe(ErrorCode.NOAUTH);

    const admin = await client(s);
    await admin.addAuthInfo('digest', 'super:secret');
    expect(new TextDecoder().decode((await admin.getData('/private')).data)).toBe('mine');
    await admin.setData('/private', 'changed by super');
    expect(new TextDecoder().decode((await owner.getData('/private')).data)).toBe('changed by super');
    await admin.delete('/private/child');
    await admin.delete('/private');
    expect((await owner.exists('/private')).stat).toBeNull();
  });
});

describe('enforceQuota', () => {
  async function createPastCountLimit(enforceQuota: boolean): Promise<number> {
    const s = await server({ enforceQuota });
    const zk = await client(s);
    await zk.create('/q');
    // what zkCli's `setquota -N 2 /q` writes (StatsTrack text; count includes /q itself)
    await zk.create('/zookeeper/quota/q');
    await zk.create('/zookeeper/quota/q/zookeeper_limits', 'count=-1,bytes=-1=;countHardLimit=2');
    await zk.create('/zookeeper/quota/q/zookeeper_stats', 'count=0,bytes=0');
    await zk.create('/q/a');
    const stats = new TextDecoder().decode((await zk.getData('/zookeeper/quota/q/zookeeper_stats')).data);
    expect(stats).toBe('count=2,bytes=0');
    return codeOf(zk.create('/q/b'));
  }

  it('refuses a create past countHardLimit with QUOTAEXCEEDED when on', async () => {
    expect(await createPastCountLimit(true)).toBe(ErrorCode.QUOTAEXCEEDED);
  });

  it('lets the same create through when off (the default)', async () => {
    expect(await createPastCountLimit(false)).toBe(0);
  });
});

describe('standalone check (opcode 13)', () => {
  // The real 3.8.0 runs a standalone check as a write (each one uses up a zxid) and answers a
  // failed one with the 16-byte header alone: BADVERSION, NONODE. A passing one gets NO reply
  // there: FinalRequestProcessor answers it with a SetDataResponse without a Stat, whose
  // serialisation throws (NPE, logged "Unexpected exception. Destruction averted."), and the
  // connection stays up. zkts answers it with the header alone, err 0, rather than leave the
  // client waiting for ever (checked against 3.8.0 on 27 Nov 2026 with this raw client).
  it('answers the header alone: 0 on a matching version, BADVERSION on a mismatch, NONODE when missing', async () => {
    const s = await server();
    const { client: raw } = await RawClient.connect(s.address.port);
    cleanups.push(() => raw.close());
    raw.request(1, {
      type: OpCode.create,
      path: '/c',
      data: new Uint8Array(0),
      acl: [...OPEN_ACL_UNSAFE],
      flags: 0,
    });
    expect((await raw.reply(OpCode.create)).err).toBe(0);
    const before = s.host.lastProcessedZxid();
    raw.request(2, { type: OpCode.check, path: '/c', version: 0 });
    raw.request(3, { type: OpCode.check, path: '/c', version: 5 });
    raw.request(4, { type: OpCode.check, path: '/missing', version: 0 });
    const replies: Array<{ length: number; xid: number; err: number }> = [];
    for (let i = 0; i < 3; i++) {
      const frame = await raw.next();
      if (frame === null) throw new Error('connection closed');
      const { xid, err } = decodeReplyHeader(frame);
      replies.push({ length: frame.length, xid, err });
    }
    expect(replies).toEqual([
      { length: 16, xid: 2, err: 0 },
      { length: 16, xid: 3, err: ErrorCode.BADVERSION },
      { length: 16, xid: 4, err: ErrorCode.NONODE },
    ]);
    // executed as writes: each used up a zxid, as in 3.8.0
    expect(s.host.lastProcessedZxid()).toBe(before + 3);
  });
});

describe('autopurge', () => {
  it('purges the storage every autopurgePurgeInterval hours, keeping autopurgeSnapRetainCount', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage: Storage = createMemoryStorage();
    const calls: Array<number | undefined> = [];
    const purge = storage.purge.bind(storage);
    storage.purge = (options) => {
      calls.push(options?.retainCount);
      return purge(options);
    };
    await server({ storage, autopurgePurgeInterval: 2, autopurgeSnapRetainCount: 4, reaperIntervalMs: 0 });
    vi.advanceTimersByTime(2 * 3_600_000 - 1);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([4]);
    vi.advanceTimersByTime(2 * 3_600_000);
    expect(calls).toEqual([4, 4]);
  });

  it('never purges with autopurgePurgeInterval 0 (the default)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage: Storage = createMemoryStorage();
    let calls = 0;
    const purge = storage.purge.bind(storage);
    storage.purge = (options) => {
      calls++;
      return purge(options);
    };
    await server({ storage, reaperIntervalMs: 0 });
    vi.advanceTimersByTime(1000 * 3_600_000);
    expect(calls).toBe(0);
  });
});
