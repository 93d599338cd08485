import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PeerId, readyIsEmpty, ZabPeer } from '../src/index';
import { message } from './arbitraries';

type Input =
  | { kind: 'receive'; from: PeerId; message: ReturnType<typeof message.generate>['value'] }
  | { kind: 'tick'; dt: number }
  | { kind: 'persisted'; zxid: number }
  | { kind: 'disconnected'; peer: PeerId }
  | { kind: 'propose' };

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), from: fc.integer({ min: 1, max: 5 }), message }),
  fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ kind: fc.constant('persisted' as const), zxid: fc.integer({ min: 0, max: 2 ** 40 }) }),
  fc.record({ kind: fc.constant('disconnected' as const), peer: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('propose' as const) }),
);

/** Bad or unexpected input — from anyone, in any state — must never throw out of a peer. */
describe('ZabPeer robustness', () => {
  it('survives arbitrary message sequences while its host keeps serving it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('looking' as const, 'following' as const, 'leading' as const),
        fc.integer({ min: 1, max: 4 }),
        fc.array(input, { maxLength: 60 }),
        (start, anyId, inputs) => {
          const id = start === 'leading' ? 3 : start === 'following' && anyId === 3 ? 1 : anyId;
          let now = 0;
          const peer = new ZabPeer(
            { id, voters: [1, 2, 3], observers: [4], tickMs: 100, initLimit: 10, syncLimit: 5 },
            { acceptedEpoch: 1, currentEpoch: 1, lastLoggedZxid: 2 ** 32 + 3 },
            now,
          );
          const serve = () => {
            for (let round = 0; round < 100; round++) {
              const ready = peer.ready();
              if (readyIsEmpty(ready)) return;
              for (const w of ready.persistEpochs) peer.epochStored(w.name, w.epoch);
              if (ready.truncate !== undefined) peer.truncated(ready.truncate);
              if (ready.installSnapshot) peer.snapshotInstalled(ready.installSnapshot.zxid);
              for (const r of ready.hostRequests) {
                if (r.kind === 'readLog') peer.logRead(r.for, undefined);
                if (r.kind === 'takeSnapshot') peer.snapshotTaken(r.for, r.zxid, new Uint8Array(0));
              }
            }
            throw new Error('the peer never went quiet');
          };
          // drive the peer into the role under test first, then throw anything at it
          const vote = { zxid: 0, peerEpoch: 1, electionEpoch: 1 };
          if (start === 'following') {
            peer.receive(3, { type: 'NOTIFICATION', leader: 3, ...vote, state: 'LEADING' });
            peer.receive(id === 2 ? 1 : 2, { type: 'NOTIFICATION', leader: 3, ...vote, state: 'FOLLOWING' });
            serve();
            expect(peer.leader).toBe(3);
          } else if (start === 'leading') {
            for (const from of [1, 2])
              peer.receive(from, {
                type: 'NOTIFICATION',
                leader: 3,
                ...vote,
                zxid: 2 ** 32 + 3,
                state: 'LOOKING',
              });
            now += 300;
            peer.tick(now);
            serve();
            for (const from of [1, 2])
              peer.receive(from, { type: 'FOLLOWERINFO', acceptedEpoch: 1, lastZxid: 2 ** 32 });
            serve();
            expect(peer.role).toBe('LEADING');
          }
          for (const i of inputs) {
            if (i.kind === 'receive') peer.receive(i.from, i.message);
            else if (i.kind === 'tick') {
              now += i.dt;
              peer.tick(now);
            } else if (i.kind === 'persisted') peer.persisted(i.zxid);
            else if (i.kind === 'disconnected') peer.disconnected(i.peer);
            else peer.propose({ origin: id, sessionId: 1n, cxid: 1 }, new Uint8Array(1));
            serve();
          }
          expect(['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING']).toContain(peer.role);
        },
      ),
      { numRuns: 500 },
    );
  });
});
