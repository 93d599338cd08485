// Watch events go only to watchers that may READ the node (CVE-2024-23944): the tree is told each
// watcher's current ids and filters what `apply` returns.
import { describe, expect, it } from 'vitest';
import { digestId } from '../acl';
import { EventType, Perms } from '../constants';
import type { ACL, Id } from '../types';
import type { ApplyResult } from './data-tree';
import { Harness } from './test-harness';

const ALICE: Id = { scheme: 'digest', id: digestId('alice', 'pw') };
const ALICE_ONLY: ACL[] = [{ perms: Perms.ALL, id: ALICE }];
/** Watchers are strings; these are the ids each holds. */
const AS_ALICE = { authIds: [ALICE] };
const IDS: Record<string, readonly Id[]> = {
  anonymous: [],
  alice: [ALICE],
  super: [{ scheme: 'super', id: 'admin' }],
};

function harness(options: { skipACL?: boolean } = {}): Harness {
  return new Harness({ ...options, watcherAuthIds: (watcher) => IDS[watcher] ?? [] });
}

function delivered(result: ApplyResult<string> | number): Array<[string, number, string]> {
  if (typeof result === 'number') throw new Error(`write failed: ${result}`);
  return result.events.map(({ watcher, event }) => [watcher, event.type, event.path]);
}

describe('watch events and READ', () => {
  it('a recursive watch hears about an unreadable child only if its session may read it', () => {
    const h = harness();
    h.ok(h.create('/r'));
    for (const watcher of Object.keys(IDS)) h.tree.watches.addPersistentWatch('/r', watcher, true);
    expect(delivered(h.write(h.create('/r/vault', 'v', 0, ALICE_ONLY), AS_ALICE))).toEqual([
      ['alice', EventType.NodeCreated, '/r/vault'],
      ['super', EventType.NodeCreated, '/r/vault'],
    ]);
    expect(delivered(h.write(h.setData('/r/vault', 'w'), AS_ALICE))).toEqual([
      ['alice', EventType.NodeDataChanged, '/r/vault'],
      ['super', EventType.NodeDataChanged, '/r/vault'],
    ]);
  });

  it('NodeDeleted is checked against the ACL the node had, NodeChildrenChanged against the parent', () => {
    const h = harness();
    h.ok(h.create('/open'));
    h.ok(h.create('/open/secret', '', 0, ALICE_ONLY));
    h.ok(h.create('/closed', '', 0, ALICE_ONLY));
    h.ok(h.create('/closed/public'), AS_ALICE);
    for (const watcher of ['anonymous', 'alice']) {
      h.tree.watches.addDataWatch('/open/secret', watcher);
      h.tree.watches.addChildWatch('/open', watcher);
      h.tree.watches.addChildWatch('/closed', watcher);
    }
    expect(delivered(h.write(h.delete('/open/secret'), AS_ALICE))).toEqual([
      ['alice', EventType.NodeDeleted, '/open/secret'],
      ['anonymous', EventType.NodeChildrenChanged, '/open'],
      ['alice', EventType.NodeChildrenChanged, '/open'],
    ]);
    expect(delivered(h.write(h.delete('/closed/public'), AS_ALICE))).toEqual([
      ['alice', EventType.NodeChildrenChanged, '/closed'],
    ]);
  });

  it('skipACL delivers everything, and so does a tree not told the watchers ids', () => {
    for (const h of [harness({ skipACL: true }), new Harness()]) {
      h.ok(h.create('/s', '', 0, ALICE_ONLY));
      h.tree.watches.addDataWatch('/s', 'anonymous');
      expect(delivered(h.write(h.setData('/s', 'x'), AS_ALICE))).toEqual([
        ['anonymous', EventType.NodeDataChanged, '/s'],
      ]);
    }
  });

  it('watcherMayRead answers the same question for events the host makes', () => {
    const h = harness();
    h.ok(h.create('/s', '', 0, ALICE_ONLY));
    expect(h.tree.watcherMayRead('anonymous', '/s')).toBe(false);
    expect(h.tree.watcherMayRead('alice', '/s')).toBe(true);
    expect(h.tree.watcherMayRead('anonymous', '/gone')).toBe(true);
  });
});
