/**
 * The attack catalogue (`attack-catalogue.ts`) played against the real ZooKeeper 3.8 and zkts:
 * every attack's observable outcome must be the same on both, except the deliberate
 * divergences listed in `attack-divergences.ts`. After each attack a healthy session must
 * still read the guarded data unchanged on either server.
 */
import { OpCode } from '@zkts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client';
import { type RunningTarget, type TargetName, targets } from '../support/targets';
import { type AttackContext, attacks } from './attack-catalogue';
import { attackDivergences, attackRaces } from './attack-divergences';

const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const GUARD = new TextEncoder().encode('guarded data');

interface Recorded {
  outcome: unknown;
  guardIntact: boolean;
}

const outcomes = new Map<TargetName, Map<string, Recorded>>();
const running: RunningTarget[] = [];

async function playAll(target: RunningTarget): Promise<Map<string, Recorded>> {
  const keeper = await RawClient.connect(target.host, target.port);
  keeper.keepAlive();
  const alice = await RawClient.connect(target.host, target.port);
  alice.keepAlive();
  await keeper.request({ type: OpCode.create, path: '/attacks', data: GUARD, acl: OPEN, flags: 0 });
  await keeper.request({ type: OpCode.create, path: '/attacks-guard', data: GUARD, acl: OPEN, flags: 0 });
  await alice.request({
    type: OpCode.auth,
    authType: 0,
    scheme: 'digest',
    auth: new TextEncoder().encode('alice:secret'),
  });
  await alice.request({
    type: OpCode.create,
    path: '/attacks/secret',
    data: GUARD,
    acl: [{ perms: 31, id: { scheme: 'auth', id: '' } }],
    flags: 0,
  });
  const record = new Map<string, Recorded>();
  let n = 0;
  for (const attack of attacks) {
    const dir = `/attacks/${n++}`;
    await keeper.request({ type: OpCode.create, path: dir, data: GUARD, acl: OPEN, flags: 0 });
    const context: AttackContext = {
      host: target.host,
      port: target.port,
      dir,
      secret: '/attacks/secret',
      alice,
    };
    const outcome = await attack.run(context).catch((error: unknown) => ({ threw: String(error) }));
    const guard = await keeper.request({ type: OpCode.getData, path: '/attacks-guard', watch: false });
    const data = guard.response && 'data' in guard.response ? guard.response.data : undefined;
    record.set(attack.name, {
      outcome,
      guardIntact: data !== undefined && Buffer.from(GUARD).equals(Buffer.from(data ?? [])),
    });
  }
  await alice.close();
  await keeper.close();
  return record;
}

const selected = await targets();

beforeAll(async () => {
  await Promise.all(
    selected.map(async (target) => {
      const started = await target.start({ tickTime: 500 });
      running.push(started);
      outcomes.set(target.name, await playAll(started));
      // ATTACKS_DUMP=1 prints every outcome, to read what each server did
      if (process.env.ATTACKS_DUMP) {
        for (const [name, recorded] of outcomes.get(target.name) ?? []) {
          console.log(
            `[${target.name}] ${name}: ${JSON.stringify(recorded, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
          );
        }
      }
    }),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(running.map((target) => target.stop()));
});

describe('attack catalogue: the real ZooKeeper 3.8 and zkts answer alike', () => {
  it.each(attacks.map((attack) => attack.name))('%s', (name) => {
    const zkts = outcomes.get('zkts')?.get(name);
    const zookeeper = outcomes.get('zookeeper')?.get(name);
    for (const recorded of [zkts, zookeeper]) {
      if (recorded) expect(recorded.guardIntact).toBe(true);
    }
    if (!zkts || !zookeeper) return;
    const race = attackRaces[name];
    if (race !== undefined) {
      expect(race.outcomes).toContainEqual(zkts.outcome);
      expect(race.outcomes).toContainEqual(zookeeper.outcome);
      return;
    }
    if (attackDivergences[name] !== undefined) {
      expect(zkts.outcome).not.toEqual(zookeeper.outcome);
      return;
    }
    expect(zkts.outcome).toEqual(zookeeper.outcome);
  });
});
