/**
 * A seeded simulation of one client against a scripted server that answers late, drops
 * connections, leaves handshakes hanging, expires the session and lets time run. After every
 * run: each request settled exactly once, and in the order it was made (replies are FIFO,
 * requests queued while disconnected keep their place, a lost connection fails its requests
 * oldest first, and every operation settles the same number of steps after its reply).
 * Replay a failure with FC_SEED=<seed>.
 */
import { EventType, KeeperState, OpCode, Xid } from '@zkts/core';
import type { DecodedRequest } from '@zkts/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientClosedError, createClient, ZooKeeperError } from '../src/index';
import { ManualEnvironment, settle } from './support/manual-environment';
import {
  type ScriptedServerConnection,
  ScriptedTransport,
  SAMPLE_STAT as STAT,
} from './support/scripted-server';

type Op = 'getData' | 'setData' | 'exists' | 'getChildren' | 'delete';

type Step =
  | { kind: 'request'; op: Op; watch: boolean; path: number }
  | { kind: 'reply'; count: number }
  | { kind: 'notify'; path: number }
  | { kind: 'drop' }
  | { kind: 'accept' }
  | { kind: 'time'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      op: fc.constantFrom<Op>('getData', 'setData', 'exists', 'getChildren', 'delete'),
      watch: fc.boolean(),
      path: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('reply' as const), count: fc.integer({ min: 1, max: 4 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('notify' as const), path: fc.integer({ min: 0, max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'accept' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 2500 }) }),
  },
);

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

/** A well-formed reply to whatever the client sent (exists alternates between found and NONODE). */
function replyTo(server: ScriptedServerConnection, request: DecodedRequest, zxid: number): void {
  const type = request.request.type;
  if (type === OpCode.ping) server.reply(Xid.ping, zxid, 0);
  else if (type === OpCode.setWatches || type === OpCode.setWatches2) server.reply(Xid.setWatches, zxid, 0);
  else if (type === OpCode.getData) {
    server.reply(request.xid, zxid, 0, { type: OpCode.getData, data: new Uint8Array([1]), stat: STAT });
  } else if (type === OpCode.getChildren2) {
    server.reply(request.xid, zxid, 0, { type: OpCode.getChildren2, children: ['c'], stat: STAT });
  } else if (type === OpCode.setData)
    server.reply(request.xid, zxid, 0, { type: OpCode.setData, stat: STAT });
  else if (type === OpCode.exists && zxid % 2 === 0) {
    server.reply(request.xid, zxid, 0, { type: OpCode.exists, stat: STAT });
  } else server.reply(request.xid, zxid, type === OpCode.exists ? -101 : 0);
}

describe('client simulation (seeded)', () => {
  it('every request settles exactly once, in the order it was made', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 20, maxLength: 120 }),
        fc.boolean(),
        async (steps, expireOnce) => {
          const env = new ManualEnvironment();
          const transport = new ScriptedTransport();
          const client = createClient('a:1,b:2', {
            transport,
            environment: env,
            sessionTimeout: 6000,
            reconnectDelay: 200,
          });
          const settledOrder: number[] = [];
          const settleCounts = new Map<number, number>();
          const watchFires = new Map<number, number>();
          const answered = new Map<ScriptedServerConnection, number>();
          let made = 0;
          let zxid = 1;
          let expired = false;

          const current = () => {
            const open = transport.connections.filter((c) => !c.closed && answered.has(c));
            return open[open.length - 1];
          };
          const issue = (op: Op, path: string, watch: boolean): Promise<unknown> => {
            switch (op) {
              case 'getData':
                return watch ? client.getData(path, { watch: true }) : client.getData(path);
              case 'getChildren':
                return watch ? client.getChildren(path, { watch: true }) : client.getChildren(path);
              case 'exists':
                return watch ? client.exists(path, { watch: true }) : client.exists(path);
              case 'setData':
                return client.setData(path, 'x');
              case 'delete':
                return client.delete(path);
            }
          };

          for (const s of steps) {
            const server = current();
            switch (s.kind) {
              case 'request': {
                const id = made++;
                const mark = (outcome: unknown) => {
                  if (
                    outcome instanceof Error &&
                    !ZooKeeperError.isInstance(outcome) &&
                    !ClientClosedError.isInstance(outcome)
                  )
                    throw outcome;
                  settledOrder.push(id);
                  settleCounts.set(id, (settleCounts.get(id) ?? 0) + 1);
                  const watch = (outcome as { watch?: Promise<unknown> } | undefined)?.watch;
                  watch?.then(
                    () => watchFires.set(id, (watchFires.get(id) ?? 0) + 1),
                    () => {},
                  );
                };
                issue(s.op, `/n${s.path}`, s.watch).then(mark, mark);
                break;
              }
              case 'reply': {
                if (!server) break;
                const done = answered.get(server) ?? 0;
                const todo = server.requests.slice(done, done + s.count);
                for (const request of todo) replyTo(server, request, ++zxid);
                answered.set(server, done + todo.length);
                break;
              }
              case 'notify':
                server?.notify({
                  type: EventType.NodeDataChanged,
                  state: KeeperState.SyncConnected,
                  path: `/n${s.path}`,
                });
                break;
              case 'drop':
                server?.close();
                break;
              case 'accept': {
                const waiting = transport.connections.find(
                  (c) => !c.closed && c.connectRequest && !answered.has(c),
                );
                if (!waiting) break;
                answered.set(waiting, 0);
                if (expireOnce && !expired && waiting.connectRequest!.sessionId !== 0n) {
                  expired = true;
                  waiting.accept({ timeOut: 0, sessionId: 0n, passwd: new Uint8Array(16) });
                } else {
                  waiting.accept({ timeOut: 6000, sessionId: waiting.connectRequest!.sessionId || 0x42n });
                }
                break;
              }
              case 'time':
                await env.advance(s.ms);
                break;
            }
            await settle();
          }
          // Wind down: nothing answers the closeSession, so let its 2 s wait run out.
          const closing = client.close();
          await env.advance(3000);
          await closing;
          await settle();

          expect(settleCounts.size).toBe(made);
          for (const count of settleCounts.values()) expect(count).toBe(1);
          expect(settledOrder).toEqual([...settledOrder].sort((a, b) => a - b));
          for (const fires of watchFires.values()) expect(fires).toBe(1);
          expect(client.state.type).toMatch(/^(closed|expired)$/);
        },
      ),
      { ...(seed === undefined ? {} : { seed }), numRuns: 60 },
    );
  });
});
