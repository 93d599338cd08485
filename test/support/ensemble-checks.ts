/** Checks shared by the ensemble process tests: retry until true, and "no acknowledged write lost". */
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { expect } from 'vitest';

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

/** A client of the member on `clientPort`, added to `clients` so the test closes it. */
function clientOf(clientPort: number, clients: ZooKeeperClient[]): ZooKeeperClient {
  const client = createClient(`127.0.0.1:${clientPort}`, { reconnectDelay: 50 });
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
    const reader = clientOf(member.clientPort, clients);
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
  const back = clientOf(member.clientPort, clients);
  await retrying('connecting to the restarted member', () => back.connected());
  await retrying('the restarted member to catch up', async () => {
    const { children } = await back.getChildren('/');
    const missing = acknowledged.filter((path) => !children.includes(path.slice(1)));
    if (missing.length > 0) throw new Error(`${missing.length} writes missing, e.g. ${missing[0]}`);
  });
}
