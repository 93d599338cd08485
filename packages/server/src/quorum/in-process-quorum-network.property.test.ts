import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessQuorumNetwork } from './in-process-quorum-network';

/**
 * Random sends, partitions, heals, link faults and member restarts on a 3-member network,
 * checked against what TCP guarantees: on each link, messages arrive in the order they were
 * sent (no duplicates), and nothing sent before a cut of that link arrives after it.
 * Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>) from the printed report.
 */
const replay = {
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
};

const MEMBERS = [1, 2, 3];
type Step =
  | { kind: 'send'; from: number; to: number }
  | { kind: 'partition'; alone: number }
  | { kind: 'heal' }
  | { kind: 'faults'; from: number; to: number; drop: number; delay: number }
  | { kind: 'restart'; member: number }
  | { kind: 'wait' };

const member = fc.constantFrom(...MEMBERS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('send' as const), from: member, to: member }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), alone: member }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'heal' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('faults' as const),
      from: member,
      to: member,
      drop: fc.constantFrom(0, 0.3),
      delay: fc.constantFrom(0, 2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), member }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'wait' as const }) },
);

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('InProcessQuorumNetwork under random faults', () => {
  it('delivers in order per link and nothing from before a cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(step, { maxLength: 60 }), async (seed, steps) => {
        let state = seed >>> 0;
        const random = () => {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          return state / 2 ** 32;
        };
        const network = new InProcessQuorumNetwork({ random });
        const transports = new Map(MEMBERS.map((id) => [id, network.join(id, MEMBERS)]));
        const pairs = MEMBERS.flatMap((a) => MEMBERS.filter((b) => b !== a).map((b) => [a, b] as const));
        /** Bumped each time a link goes down: a message carried in an older generation is lost. */
        const generation = new Map<string, number>();
        const bump = (key: string) => generation.set(key, (generation.get(key) ?? 0) + 1);
        const carried = new Map<number, { key: string; generation: number }>();
        const received = new Map<string, number[]>();
        const problems: string[] = [];
        const listen = (id: number) => {
          transports.get(id)!.on('message', (from, bytes) => {
            const key = `${from}>${id}`;
            const seq = new DataView(bytes.buffer).getUint32(0);
            const list = received.get(key) ?? [];
            // (a listener that throws is only logged by the transport: collect, assert at the end)
            const previous = list[list.length - 1];
            if (previous !== undefined && seq <= previous) problems.push(`${key}: ${seq} after ${previous}`);
            const sent = carried.get(seq);
            if (sent !== undefined && sent.key !== key)
              problems.push(`${seq} sent on ${sent.key}, arrived on ${key}`);
            if (sent !== undefined && (generation.get(key) ?? 0) !== sent.generation) {
              problems.push(`message ${seq} outlived a cut of ${key}`);
            }
            list.push(seq);
            received.set(key, list);
          });
        };
        const relink = (change: () => void) => {
          const before = pairs.filter(([a, b]) => network.linked(a, b));
          change();
          for (const [a, b] of before) if (!network.linked(a, b)) bump(`${a}>${b}`);
        };
        let next = 0;
        const send = (from: number, to: number) => {
          const bytes = new Uint8Array(4);
          new DataView(bytes.buffer).setUint32(0, next);
          const key = `${from}>${to}`;
          // handed to the network now (not queued): it must arrive in this generation or never
          if (transports.get(from)!.isConnected(to))
            carried.set(next, { key, generation: generation.get(key) ?? 0 });
          transports.get(from)!.send(to, bytes);
          return next++;
        };
        for (const id of MEMBERS) listen(id);
        for (const s of steps) {
          switch (s.kind) {
            case 'send':
              if (s.from !== s.to) send(s.from, s.to);
              break;
            case 'partition':
              relink(() =>
                network.partition(
                  [s.alone],
                  MEMBERS.filter((id) => id !== s.alone),
                ),
              );
              break;
            case 'heal':
              relink(() => network.heal());
              break;
            case 'faults':
              if (s.from !== s.to)
                network.setFaults(s.from, s.to, { dropProbability: s.drop, delayMs: s.delay });
              break;
            case 'restart': {
              for (const other of MEMBERS) {
                if (other === s.member) continue;
                bump(`${s.member}>${other}`);
                bump(`${other}>${s.member}`);
              }
              await transports.get(s.member)!.close();
              transports.set(s.member, network.join(s.member, MEMBERS));
              listen(s.member);
              break;
            }
            case 'wait':
              await turn();
              break;
          }
        }
        // liveness: once healed and fault-free, every link carries a new message
        relink(() => network.heal());
        for (const [a, b] of pairs) network.setFaults(a, b, undefined);
        await new Promise((resolve) => setTimeout(resolve, 10));
        const last = new Map(pairs.map(([a, b]) => [`${a}>${b}`, send(a, b)]));
        await new Promise((resolve) => setTimeout(resolve, 10));
        for (const [key, seq] of last) expect(received.get(key) ?? [], key).toContain(seq);
        expect(problems).toEqual([]);
        for (const transport of transports.values()) await transport.close();
      }),
      { numRuns: 60, ...replay },
    );
  }, 60_000);
});
