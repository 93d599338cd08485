/**
 * The nemesis of the Jepsen-style test: a seeded schedule of faults against a running ensemble,
 * one at a time, each followed by its repair — SIGKILL the leader or a follower and restart it,
 * isolate a member (or the leader) from the others through the member-link proxies, cut every
 * client connection, slow every member link. At most one member is down or cut off at a time,
 * so a majority is always there to make progress once the fault is repaired.
 */

import { Random } from '../../../packages/zab/test/sim/random';
import type { EnsembleMember, RunningEnsemble } from '../../support/ensemble-members';
import { memberStatus } from '../../support/ensemble-members';
import type { TcpProxy } from '../../support/tcp-proxy';

export type Fault =
  | 'kill-leader'
  | 'kill-follower'
  | 'isolate-leader'
  | 'isolate-follower'
  | 'cut-clients'
  | 'slow-links';

export interface NemesisEvent {
  /** ms since the nemesis started. */
  at: number;
  what: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The faults this ensemble supports (partitions need member links through proxies). */
export function faultsFor(ensemble: RunningEnsemble): Fault[] {
  const always: Fault[] = ['kill-leader', 'kill-follower', 'cut-clients'];
  return ensemble.links ? [...always, 'isolate-leader', 'isolate-follower', 'slow-links'] : always;
}

async function leaderAndFollowers(
  ensemble: RunningEnsemble,
): Promise<{ leader: EnsembleMember | undefined; followers: EnsembleMember[] }> {
  let leader: EnsembleMember | undefined;
  const followers: EnsembleMember[] = [];
  for (const member of ensemble.members) {
    const { mode } = await memberStatus(member.clientPort);
    if (mode === 'leader') leader = member;
    else followers.push(member);
  }
  return { leader, followers };
}

/**
 * Runs faults until `until` (ms on `now`), then repairs whatever is still broken. Returns what it
 * did, for the failure message. `clientProxies` are the proxies in front of the members' client
 * ports.
 */
export async function runNemesis(
  ensemble: RunningEnsemble,
  clientProxies: readonly TcpProxy[],
  seed: number,
  until: number,
  now: () => number,
): Promise<NemesisEvent[]> {
  const random = new Random(seed);
  const faults = faultsFor(ensemble);
  const started = now();
  const events: NemesisEvent[] = [];
  const log = (what: string) => events.push({ at: Math.round(now() - started), what });
  await sleep(random.int(500, 1500));
  while (now() < until) {
    const fault = random.pick(faults);
    const hold = random.int(1000, 3000);
    const { leader, followers } = await leaderAndFollowers(ensemble);
    const victim =
      fault === 'kill-leader' || fault === 'isolate-leader'
        ? (leader ?? random.pick(followers))
        : random.pick(followers);
    switch (fault) {
      case 'kill-leader':
      case 'kill-follower':
        log(`SIGKILL member ${victim.id}${victim === leader ? ' (leader)' : ''}`);
        await victim.kill('SIGKILL');
        await sleep(hold);
        log(`restart member ${victim.id}`);
        await victim.restart();
        log(`member ${victim.id} serves again`);
        break;
      case 'isolate-leader':
      case 'isolate-follower':
        log(`isolate member ${victim.id}${victim === leader ? ' (leader)' : ''}`);
        ensemble.links?.isolate(victim.id);
        await sleep(hold);
        ensemble.links?.healAll();
        log('heal member links');
        break;
      case 'cut-clients': {
        const cut = clientProxies.reduce((total, proxy) => total + proxy.cut(), 0);
        log(`cut ${cut} client connections`);
        break;
      }
      case 'slow-links': {
        const ms = random.int(20, 200);
        log(`delay member links by ${ms} ms`);
        ensemble.links?.delay(ms);
        await sleep(hold);
        ensemble.links?.delay(0);
        log('member links at full speed');
        break;
      }
    }
    await sleep(random.int(1000, 2500));
  }
  return events;
}
