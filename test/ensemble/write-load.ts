/**
 * Write load for the crash tests: zkts clients creating uniquely named znodes, one at a time
 * each, until stopped. A create that resolved is acknowledged and must survive any crash of a
 * minority; one that failed (connection loss, timeout) may or may not have happened.
 */
import { createClient, type ZooKeeperClient } from '@zkts/client';
import type { EnsembleMember } from '../support/ensemble-members';

export interface WriteLoad {
  /** Stops issuing, waits for the writers, and returns the acknowledged paths with their time. */
  stop(): Promise<{ path: string; at: number }[]>;
}

export function startWriteLoad(connectString: string, parent: string, writers = 4): WriteLoad {
  let stopping = false;
  const acknowledged: { path: string; at: number }[] = [];
  const running = Array.from({ length: writers }, async (_, k) => {
    const zk = createClient(connectString, {
      sessionTimeout: 8000,
      connectTimeout: 2000,
      reconnectDelay: 200,
    });
    try {
      for (let n = 0; !stopping; n++) {
        const path = `${parent}/w${k}-${n}`;
        try {
          await zk.create(path, 'x', { signal: AbortSignal.timeout(3000) });
          acknowledged.push({ path, at: performance.now() });
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50)); // outcome unknown; go on
        }
      }
    } finally {
      await zk.close().catch(() => undefined);
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(running);
      return acknowledged;
    },
  };
}

/** A client of one member only (no failover), connected. */
export async function clientOf(member: EnsembleMember): Promise<ZooKeeperClient> {
  const zk = createClient(`127.0.0.1:${member.clientPort}`, { sessionTimeout: 8000 });
  await zk.connected();
  return zk;
}

/** What `member` holds under `parent` after a sync: sorted child names and the parent's cversion. */
export async function memberView(
  member: EnsembleMember,
  parent: string,
): Promise<{ children: string[]; cversion: number }> {
  const zk = await clientOf(member);
  try {
    await zk.sync(parent);
    const { children, stat } = await zk.getChildren(parent);
    return { children: children.sort(), cversion: stat.cversion };
  } finally {
    await zk.close();
  }
}
