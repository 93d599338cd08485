/** Checks shared by the ensemble process tests: retry until true, the leader, and "no acknowledged write lost". */
import { type ClientOptions, createClient, type ZooKeeperClient } from '@zkts/client';
import { expect } from 'vitest';
import { fourLetterWord } from './real-zookeeper';

interface Member {
  readonly id: number;
  readonly clientPort: number;
  /** undefined while the member's process is stopped */
  readonly pid: number | undefined;
}

/** Runs `work` until it resolves, every 100 ms for up to `timeoutMs`; then fails naming `what`. */
export async function retrying<T>(what: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The member whose `srvr` says `Mode: leader` (not `except`), polled until there is one. */
export async function leaderOf(
  ensemble: { readonly members: readonly Member[] },
  except?: number,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const member of ensemble.members) {
      if (member.id === except || member.pid === undefined) continue;
      const answer = await fourLetterWord(member.clientPort, 'srvr').catch(() => '');
      if (answer.includes('Mode: leader')) return member.id;
    }
    if (Date.now() > deadline) throw new Error('no leader elected');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A client of `members` (reconnecting after 50 ms), added to `clients` so the test closes it. */
export function clientOf(
  members: readonly { clientPort: number }[],
  clients: ZooKeeperClient[],
  options: ClientOptions = {},
): ZooKeeperClient {
  const connectString = members.map((member) => `127.0.0.1:${member.clientPort}`).join(',');
  const client = createClient(connectString, { reconnectDelay: 50, ...options });
  clients.push(client);
  return client;
}

/** Every acknowledged child of `/` is on every member, read after a sync. */
export async function expectWritesOnEvery(
  members: readonly { clientPort: number }[],
  acknowledged: readonly string[],
  clients: ZooKeeperClient[],
): Promise<void> {
  for (const member of members) {
    const reader = clientOf([member], clients);
    await reader.connected();
    await reader.sync('/');
    const { children } = await reader.getChildren('/');
    for (const path of acknowledged) expect(children).toContain(path.slice(1));
  }
}

/** A member that was restarted serves every acknowledged child of `/` once it has caught up. */
export async function expectCaughtUp(
  member: { clientPort: number },
  acknowledged: readonly string[],
  clients: ZooKeeperClient[],
): Promise<void> {
  const back = clientOf([member], clients);
  await retrying('connecting to the restarted member', () => back.connected());
  await retrying('the restarted member to catch up', async () => {
    const { children } = await back.getChildren('/');
    const missing = acknowledged.filter((path) => !children.includes(path.slice(1)));
    if (missing.length > 0) throw new Error(`${missing.length} writes missing, e.g. ${missing[0]}`);
  });
}
