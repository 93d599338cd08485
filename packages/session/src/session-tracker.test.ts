import { describe, expect, it } from 'vitest';
import { sessionPassword } from './password';
import { CONTAINER_EPHEMERAL_OWNER, serverIdOf } from './session-id';
import { SessionTracker, type SessionTrackerOptions } from './session-tracker';

const START = 1_764_201_600_000;
const tracker = (options: Partial<SessionTrackerOptions> = {}) =>
  new SessionTracker({ serverId: 3, tickTime: 2000, now: START, ...options });

describe('SessionTracker: timeouts', () => {
  it('defaults the bounds to 2 and 20 ticks and clamps requests into them', () => {
    const sessions = tracker();
    expect([sessions.minSessionTimeout, sessions.maxSessionTimeout]).toEqual([4000, 40000]);
    expect(sessions.negotiateTimeout(1)).toBe(4000);
    expect(sessions.negotiateTimeout(-30000)).toBe(4000);
    expect(sessions.negotiateTimeout(Number.NaN)).toBe(4000);
    expect(sessions.negotiateTimeout(4000)).toBe(4000);
    expect(sessions.negotiateTimeout(10000)).toBe(10000);
    expect(sessions.negotiateTimeout(40000)).toBe(40000);
    expect(sessions.negotiateTimeout(2 ** 31 - 1)).toBe(40000);
  });

  it('uses configured bounds and rejects min > max', () => {
    const sessions = tracker({ minSessionTimeout: 1000, maxSessionTimeout: 5000 });
    expect(sessions.negotiateTimeout(500)).toBe(1000);
    expect(sessions.negotiateTimeout(9000)).toBe(5000);
    expect(() => tracker({ minSessionTimeout: 6000, maxSessionTimeout: 5000 })).toThrow(
      /minSessionTimeout \(6000\) must not exceed maxSessionTimeout \(5000\)/,
    );
    expect(() => tracker({ tickTime: 0 })).toThrow(/tickTime: expected a positive integer, got 0/);
  });

  it('creates sessions with the negotiated timeout', () => {
    expect(tracker().createSession(100, 0).timeout).toBe(4000);
    expect(tracker().createSession(100000, 0).timeout).toBe(40000);
  });
});

describe('SessionTracker: ids and passwords', () => {
  it('hands out consecutive ids carrying the server id, with their derived passwords', () => {
    const sessions = tracker();
    const a = sessions.createSession(5000, 0);
    const b = sessions.createSession(5000, 0);
    expect(serverIdOf(a.sessionId)).toBe(3);
    expect(b.sessionId).toBe(a.sessionId + 1n);
    expect(a.password).toEqual(sessionPassword(a.sessionId));
    expect(Buffer.from(a.password).equals(Buffer.from(b.password))).toBe(false);
  });

  it('never hands out the container marker', () => {
    // Server 128 at clock 0 would start exactly on 0x8000000000000000.
    const sessions = tracker({ serverId: 128, now: 0 });
    expect(sessions.createSession(5000, 0).sessionId).not.toBe(CONTAINER_EPHEMERAL_OWNER);
  });

  it('skips ids already taken by restored sessions', () => {
    const sessions = tracker();
    const probe = tracker().createSession(5000, 0).sessionId;
    sessions.addSession(probe, 5000, 0);
    sessions.addSession(probe + 1n, 5000, 0);
    expect(sessions.createSession(5000, 0).sessionId).toBe(probe + 2n);
  });

  it('checks passwords by derivation, with the configured secret', () => {
    const sessions = tracker();
    const { sessionId, password } = sessions.createSession(5000, 0);
    expect(sessions.checkPassword(sessionId, password)).toBe(true);
    expect(sessions.checkPassword(sessionId + 1n, password)).toBe(false);
    expect(sessions.checkPassword(sessionId, new Uint8Array(16))).toBe(false);
    expect(sessions.checkPassword(0n, sessionPassword(0n))).toBe(false);
    // Another server of the ensemble (same secret) accepts it; one with another secret does not.
    expect(tracker({ serverId: 4 }).checkPassword(sessionId, password)).toBe(true);
    expect(tracker({ secret: 99n }).checkPassword(sessionId, password)).toBe(false);
  });
});

describe('SessionTracker: expiry', () => {
  it('expires at the tick boundary after creation time + timeout', () => {
    const sessions = tracker();
    const { sessionId } = sessions.createSession(5000, 1000); // deadline 6000 -> bucket 8000
    expect(sessions.get(sessionId)?.expiresAt).toBe(8000);
    expect(sessions.nextExpiryTime()).toBe(8000);
    expect(sessions.expire(7999)).toEqual([]);
    expect(sessions.touch(sessionId, 7999)).toBe(true); // now bucket 14000
    expect(sessions.expire(8000)).toEqual([]);
    expect(sessions.nextExpiryTime()).toBe(14000);
    expect(sessions.tick(14000)).toEqual([sessionId]);
    expect(sessions.nextExpiryTime()).toBeUndefined();
  });

  it('moves a deadline that lands exactly on a boundary to the next one', () => {
    const sessions = tracker();
    const { sessionId } = sessions.createSession(4000, 2000); // deadline 6000 is a boundary -> 8000
    expect(sessions.get(sessionId)?.expiresAt).toBe(8000);
  });

  it('marks expired sessions closing, refuses their packets, and reports them once', () => {
    const sessions = tracker();
    const { sessionId } = sessions.createSession(4000, 0);
    expect(sessions.expire(6000)).toEqual([sessionId]);
    expect(sessions.isClosing(sessionId)).toBe(true);
    expect(sessions.touch(sessionId, 6000)).toBe(false);
    expect(sessions.expire(60000)).toEqual([]);
    expect(sessions.has(sessionId)).toBe(true); // until its closeSession txn is applied
    expect(sessions.closeSession(sessionId)).toBe(true);
    expect(sessions.has(sessionId)).toBe(false);
    expect(sessions.closeSession(sessionId)).toBe(false);
  });

  it('does not revive an overdue session that expire() has not reported yet', () => {
    const sessions = tracker();
    const { sessionId } = sessions.createSession(4000, 0); // bucket 6000
    expect(sessions.touch(sessionId, 6000)).toBe(false);
    expect(sessions.expire(6000)).toEqual([sessionId]);
  });

  it('refuses touches of unknown and closing sessions; closing ones still expire on time', () => {
    const sessions = tracker();
    expect(sessions.touch(12345n, 0)).toBe(false);
    const { sessionId } = sessions.createSession(4000, 0);
    expect(sessions.setClosing(sessionId)).toBe(true);
    expect(sessions.setClosing(12345n)).toBe(false);
    expect(sessions.touch(sessionId, 1)).toBe(false);
    expect(sessions.expire(6000)).toEqual([sessionId]);
  });

  it('forgets closed sessions in the expiry schedule', () => {
    const sessions = tracker();
    const { sessionId } = sessions.createSession(4000, 0);
    sessions.closeSession(sessionId);
    expect(sessions.nextExpiryTime()).toBeUndefined();
    expect(sessions.expire(100000)).toEqual([]);
  });

  it('treats a time earlier than one already seen as the later one', () => {
    const sessions = tracker();
    const { sessionId } = sessions.createSession(4000, 10000); // bucket 16000
    expect(sessions.touch(sessionId, 0)).toBe(true);
    expect(sessions.get(sessionId)?.expiresAt).toBe(16000);
  });

  it('tracks restored sessions with their own timeout, unclamped', () => {
    const sessions = tracker();
    expect(sessions.addSession(0x77n, 100000, 0)).toBe(true);
    expect(sessions.get(0x77n)?.timeout).toBe(100000);
    expect(sessions.get(0x77n)?.expiresAt).toBe(102000);
    expect(sessions.addSession(0x77n, 5000, 10000)).toBe(false); // known: only touched
    // 10000 + 100000 = 110000 sits on a boundary, so the bucket is the next one.
    expect(sessions.get(0x77n)).toMatchObject({ timeout: 100000, expiresAt: 112000 });
    expect(() => sessions.addSession(0x78n, 0, 0)).toThrow(/timeout: expected a positive integer, got 0/);
  });
});

describe('SessionTracker: reconnects and ownership', () => {
  it('revalidates: ok with the timeout, bad-password, expired', () => {
    const sessions = tracker();
    const { sessionId, password } = sessions.createSession(6000, 0); // bucket 8000
    expect(sessions.revalidate(sessionId, new Uint8Array(16), 1000)).toEqual({ outcome: 'bad-password' });
    expect(sessions.revalidate(sessionId, password, 1000)).toEqual({ outcome: 'ok', timeout: 6000 });
    expect(sessions.get(sessionId)?.expiresAt).toBe(8000); // 1000 + 6000 -> 8000
    expect(sessions.revalidate(sessionId, password, 9000)).toEqual({ outcome: 'expired' });
    // A well-formed password for a session nobody knows: expired, as ZooKeeper answers.
    expect(sessions.revalidate(sessionId + 1n, sessionPassword(sessionId + 1n), 0)).toEqual({
      outcome: 'expired',
    });
  });

  it('lets a new connection take a session over and tells the host which one to close', () => {
    const sessions = tracker();
    const { sessionId, password } = sessions.createSession(6000, 0);
    const first = { name: 'first' };
    const second = { name: 'second' };
    expect(sessions.attach(sessionId, first)).toBeUndefined();
    expect(sessions.attach(sessionId, first)).toBeUndefined(); // same owner: nothing to close
    expect(sessions.revalidate(sessionId, password, 100).outcome).toBe('ok');
    expect(sessions.attach(sessionId, second)).toBe(first);
    expect(sessions.ownerOf(sessionId)).toBe(second);
    // The old connection closing later must not detach the new owner.
    expect(sessions.detach(sessionId, first)).toBe(false);
    expect(sessions.ownerOf(sessionId)).toBe(second);
    expect(sessions.detach(sessionId, second)).toBe(true);
    expect(sessions.ownerOf(sessionId)).toBeUndefined();
    expect(() => sessions.attach(999n, first)).toThrow(/unknown session/);
  });

  it('lists sessions for cons/dump with timeout, expiry, state and owner', () => {
    const sessions = tracker();
    const a = sessions.createSession(4000, 0);
    const b = sessions.createSession(10000, 0);
    sessions.attach(a.sessionId, 'conn-a');
    sessions.setClosing(b.sessionId);
    expect([...sessions]).toEqual([
      { sessionId: a.sessionId, timeout: 4000, expiresAt: 6000, closing: false, owner: 'conn-a' },
      { sessionId: b.sessionId, timeout: 10000, expiresAt: 12000, closing: true, owner: undefined },
    ]);
    expect(sessions.size).toBe(2);
  });

  it('groups scheduled sessions by expiry tick for dump', () => {
    const sessions = tracker();
    const a = sessions.createSession(4000, 0); // 6000
    const b = sessions.createSession(30000, 0); // 32000
    const c = sessions.createSession(4000, 500); // 6000
    expect(sessions.expiryBuckets()).toEqual([
      { expiresAt: 6000, sessionIds: [a.sessionId, c.sessionId] },
      { expiresAt: 32000, sessionIds: [b.sessionId] },
    ]);
    sessions.expire(6000);
    expect(sessions.expiryBuckets()).toEqual([{ expiresAt: 32000, sessionIds: [b.sessionId] }]);
  });
});
