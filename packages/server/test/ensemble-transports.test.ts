import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/real-zookeeper';
import { ensembleConfig } from '../src/config/ensemble-config';
import { parseZooCfg } from '../src/config/parse-zoo-cfg';
import { silentLogger } from '../src/logger';
import { createEnsembleTransports, type EnsembleTransports } from '../src/quorum/ensemble-transports';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createEnsembleTransports', () => {
  it("opens both ports from the ensemble config; the election port keeps only a peer's newest vote", async () => {
    const lines = ['initLimit=10', 'syncLimit=5', 'dataDir=/d'];
    for (const id of [1, 2, 3]) lines.push(`server.${id}=127.0.0.1:${await freePort()}:${await freePort()}`);
    const { config } = parseZooCfg(lines.join('\n'));
    const open = async (id: number, attach: (transports: EnsembleTransports) => void = () => {}) => {
      const ensemble = ensembleConfig(config, String(id)).ensemble!;
      const transports = createEnsembleTransports(ensemble, silentLogger, () => 0.5);
      cleanups.push(() => transports.close());
      attach(transports);
      await transports.start();
      return transports;
    };
    const one = await open(1);
    const two = await open(2);
    await eventually(
      () => one.election.isConnected(2) && one.quorum.isConnected(2),
      'members 1 and 2 on both ports',
    );

    // member 3 is down: its votes wait in a queue of one, its Zab messages all wait
    for (const vote of ['vote a', 'vote b', 'vote c']) one.election.send(3, new TextEncoder().encode(vote));
    for (const message of ['m1', 'm2']) one.quorum.send(3, new TextEncoder().encode(message));
    expect(one.election.queued(3).messages).toBe(1);
    expect(one.quorum.queued(3).messages).toBe(2);

    const received: string[] = [];
    const three = await open(3, ({ election, quorum }) => {
      const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      election.on('message', (from, bytes) => received.push(`election ${from}: ${text(bytes)}`));
      quorum.on('message', (from, bytes) => received.push(`quorum ${from}: ${text(bytes)}`));
    });
    await eventually(() => received.length === 3, 'the queued messages');
    expect(received.sort()).toEqual(['election 1: vote c', 'quorum 1: m1', 'quorum 1: m2']);
    expect(two.election.isConnected(3) && three.quorum.isConnected(2)).toBe(true);
  }, 30_000);
});
