import { describe, expect, it } from 'vitest';
import { InProcessQuorumNetwork, type InProcessQuorumTransport } from './in-process-quorum-network';

const text = (value: string) => new TextEncoder().encode(value);
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Member {
  transport: InProcessQuorumTransport;
  log: string[];
}

function join(network: InProcessQuorumNetwork, me: number, members: number[]): Member {
  const transport = network.join(me, members);
  const log: string[] = [];
  transport.on('message', (from, bytes) => log.push(`${from}:${new TextDecoder().decode(bytes)}`));
  transport.on('connected', (peer) => log.push(`+${peer}`));
  transport.on('disconnected', (peer) => log.push(`-${peer}`));
  return { transport, log };
}

/** A seeded uniform [0, 1) source (mulberry32), so drop decisions replay. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('InProcessQuorumNetwork', () => {
  it('drop() ends the stream: both sides see it break and come back, what was in flight is lost', async () => {
    const network = new InProcessQuorumNetwork();
    const one = join(network, 1, [1, 2]);
    const two = join(network, 2, [1, 2]);
    await turn();
    one.log.length = 0;
    two.log.length = 0;
    one.transport.send(2, text('stale'));
    one.transport.drop(2);
    one.transport.send(2, text('fresh'));
    await turn();
    await turn();
    expect(one.log).toEqual(['-2', '+2']);
    expect(two.log).toEqual(['-1', '+1', '1:fresh']);
  });

  it('connects joined members and delivers on a later turn, never synchronously', async () => {
    const network = new InProcessQuorumNetwork();
    const one = join(network, 1, [1, 2, 3]);
    const two = join(network, 2, [1, 2, 3]);
    await turn();
    expect(one.log).toEqual(['+2']);
    expect(two.log).toEqual(['+1']);
    one.transport.send(2, text('a'));
    one.transport.send(2, text('b'));
    expect(two.log).toEqual(['+1']);
    await turn();
    await turn();
    expect(two.log).toEqual(['+1', '1:a', '1:b']);
    // a message for a member that has not joined waits in the queue
    one.transport.send(3, text('for three'));
    expect(one.transport.queued(3).messages).toBe(1);
    const three = join(network, 3, [1, 2, 3]);
    await turn();
    await turn();
    expect(three.log).toEqual(['+1', '+2', '1:for three']);
  });

  it('partitions cut links both ways, lose what was in flight, and heal', async () => {
    const network = new InProcessQuorumNetwork();
    const [one, two, three] = [1, 2, 3].map((id) => join(network, id, [1, 2, 3])) as [Member, Member, Member];
    await turn();
    one.transport.send(3, text('in flight'));
    network.partition([1, 2], [3]);
    await turn();
    await turn();
    expect(three.log).toEqual(['+1', '+2', '-1', '-2']);
    expect(one.transport.isConnected(3)).toBe(false);
    expect(one.transport.isConnected(2)).toBe(true);
    one.transport.send(3, text('queued'));
    network.heal();
    await turn();
    await turn();
    expect(three.log).toEqual(['+1', '+2', '-1', '-2', '+1', '+2', '1:queued']);
    expect(two.log.filter((entry) => entry === '-1')).toEqual([]);
  });

  it('keeps order on a delayed link and drops by probability with the injected random (replayable)', async () => {
    const run = async (seed: number) => {
      const network = new InProcessQuorumNetwork({ random: seeded(seed) });
      const one = join(network, 1, [1, 2]);
      const two = join(network, 2, [1, 2]);
      await turn();
      network.setFaults(1, 2, { delayMs: 5, dropProbability: 0.3 });
      for (let i = 0; i < 50; i++) one.transport.send(2, text(String(i)));
      // a last message that cannot be dropped arrives after all the others (order is kept)
      network.setFaults(1, 2, { delayMs: 5 });
      one.transport.send(2, text('end'));
      const deadline = Date.now() + 10_000;
      while (!two.log.includes('1:end') && Date.now() < deadline) await sleep(5);
      return two.log
        .filter((entry) => entry.startsWith('1:') && entry !== '1:end')
        .map((entry) => Number(entry.slice(2)));
    };
    const delivered = await run(42);
    expect(delivered.length).toBeGreaterThan(20);
    expect(delivered.length).toBeLessThan(50);
    expect(delivered).toEqual([...delivered].sort((a, b) => a - b));
    expect(await run(42)).toEqual(delivered);
  });

  it('a member that leaves is seen as disconnected and can rejoin', async () => {
    const network = new InProcessQuorumNetwork();
    const one = join(network, 1, [1, 2]);
    const two = join(network, 2, [1, 2]);
    await turn();
    await two.transport.close();
    await turn();
    expect(one.log).toEqual(['+2', '-2']);
    expect(() => network.join(1, [1, 2])).toThrow(/already joined/);
    const again = join(network, 2, [1, 2]);
    one.transport.send(2, text('hello again'));
    await turn();
    await turn();
    expect(again.log).toEqual(['+1', '1:hello again']);
    expect(() => one.transport.send(7, text('x'))).toThrow(RangeError);
  });
});
