import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, WatchHarness as Harness } from '../../test/support/watch-harness';
import { EventType, KeeperState, WatcherType } from '../constants';
import { WatchManager } from './watch-manager';

/*
 * Every scenario here was first run on the real ZooKeeper 3.8.0 server with scripts/zkprobe.py
 * (one watching connection, another one making the changes) and the events it delivered are the
 * expected values; test/real-zookeeper-conformance.test.ts replays many of them live. The harness
 * drives the manager with the trigger calls ZooKeeper's DataTree makes.
 */

const NAMES = EVENT_NAMES;

describe('one-shot watches (exists/getData → data table, getChildren → child table)', () => {
  it('exists on a missing node registers a data watch that fires NodeCreated once', () => {
    const h = new Harness();
    h.watches.addDataWatch('/x', 'w');
    expect(h.watches.checkWatches('/x', WatcherType.Data, 'w')).toBe(true);
    expect(h.create('/x')).toEqual(['w Created /x']);
    expect(h.set('/x')).toEqual([]);
  });

  it('getData watch fires NodeDataChanged once, then is gone', () => {
    const h = new Harness();
    h.watches.addDataWatch('/x', 'w');
    expect(h.set('/x')).toEqual(['w DataChanged /x']);
    expect(h.set('/x')).toEqual([]);
  });

  it('a child watch ignores setData on its node, fires NodeChildrenChanged once', () => {
    const h = new Harness();
    h.watches.addChildWatch('/x', 'w');
    expect(h.set('/x')).toEqual([]);
    expect(h.create('/x/a')).toEqual(['w ChildrenChanged /x']);
    expect(h.create('/x/b')).toEqual([]);
  });

  it('real 3.8.0 C1: getData + exists + getChildren on /d, delete /d → ONE NodeDeleted, then nothing on re-create', () => {
    const h = new Harness();
    h.watches.addDataWatch('/d', 'w');
    h.watches.addDataWatch('/d', 'w');
    h.watches.addChildWatch('/d', 'w');
    expect(h.delete('/d')).toEqual(['w Deleted /d']);
    expect(h.create('/d')).toEqual([]);
  });

  it('real 3.8.0 C11: a child watch alone on /d gets NodeDeleted when /d is deleted', () => {
    const h = new Harness();
    h.watches.addChildWatch('/d', 'w');
    expect(h.delete('/d')).toEqual(['w Deleted /d']);
    expect(h.create('/d')).toEqual([]);
  });

  it('real 3.8.0 C7: exists + getChildren on /d: setData fires the data watch only; delete then fires the child watch', () => {
    const h = new Harness();
    h.watches.addDataWatch('/d', 'w');
    h.watches.addChildWatch('/d', 'w');
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.delete('/d')).toEqual(['w Deleted /d']);
    expect(h.create('/d')).toEqual([]);
  });

  it('different watchers each get their event', () => {
    const h = new Harness();
    h.watches.addDataWatch('/x', 'a');
    h.watches.addDataWatch('/x', 'b');
    expect(h.set('/x')).toEqual(['a DataChanged /x', 'b DataChanged /x']);
  });

  it('an explicit alreadyNotified set overrides the remembered one', () => {
    const m = new WatchManager<string>();
    m.addChildWatch('/d', 'w');
    expect(m.triggerChild('/d', EventType.NodeDeleted, new Set(['w']))).toEqual([]);
  });
});

describe('persistent watches (addWatch mode 0)', () => {
  it('real 3.8.0 B: persistent /p sees its own create/set/delete and its children changing, not grandchildren', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/p', 'w', false);
    expect(h.create('/p')).toEqual(['w Created /p']);
    expect(h.create('/p/c')).toEqual(['w ChildrenChanged /p']);
    expect(h.set('/p/c')).toEqual([]);
    expect(h.set('/p')).toEqual(['w DataChanged /p']);
    expect(h.create('/p/c/d')).toEqual([]);
    expect(h.delete('/p/c/d')).toEqual([]);
    expect(h.delete('/p/c')).toEqual(['w ChildrenChanged /p']);
    expect(h.delete('/p')).toEqual(['w Deleted /p']);
    // real 3.8.0 C9: it survives the deletion of its node
    expect(h.create('/p')).toEqual(['w Created /p']);
  });

  it('real 3.8.0 C2: getData then addWatch persistent on /d → the persistent mode wins, fires every time', () => {
    const h = new Harness();
    h.watches.addDataWatch('/d', 'w');
    h.watches.addPersistentWatch('/d', 'w', false);
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.create('/d/x')).toEqual(['w ChildrenChanged /d']);
    expect(h.delete('/d/x')).toEqual(['w ChildrenChanged /d']);
  });

  it('real 3.8.0 C3: addWatch persistent then getData on /d → the data side becomes one-shot (ZOOKEEPER-4466)', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/d', 'w', false);
    h.watches.addDataWatch('/d', 'w');
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.set('/d')).toEqual([]);
    expect(h.create('/d/x')).toEqual(['w ChildrenChanged /d']);
    expect(h.delete('/d/x')).toEqual(['w ChildrenChanged /d']);
  });

  it('real 3.8.0 C3b: addWatch persistent then getChildren on /d → the child side becomes one-shot', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/d', 'w', false);
    h.watches.addChildWatch('/d', 'w');
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.create('/d/x')).toEqual(['w ChildrenChanged /d']);
    expect(h.delete('/d/x')).toEqual([]);
  });

  it('real 3.8.0 C5: getChildren + persistent on /d → one NodeChildrenChanged per change, every time', () => {
    const h = new Harness();
    h.watches.addChildWatch('/d', 'w');
    h.watches.addPersistentWatch('/d', 'w', false);
    for (const change of [() => h.create('/d/x'), () => h.create('/d/y'), () => h.delete('/d/x')]) {
      expect(change()).toEqual(['w ChildrenChanged /d']);
    }
  });

  it('a persistent watch on a deleted node gets one NodeDeleted though it sits in both tables', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/d', 'w', false);
    expect(h.delete('/d')).toEqual(['w Deleted /d']);
  });
});

describe('persistent recursive watches (addWatch mode 1)', () => {
  it('real 3.8.0 A: recursive /r sees create/set/delete of /r and its whole subtree, never NodeChildrenChanged', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/r', 'w', true);
    expect(h.create('/r')).toEqual(['w Created /r']);
    expect(h.create('/r/a')).toEqual(['w Created /r/a']);
    expect(h.create('/r/a/b')).toEqual(['w Created /r/a/b']);
    expect(h.set('/r/a/b')).toEqual(['w DataChanged /r/a/b']);
    expect(h.set('/r')).toEqual(['w DataChanged /r']);
    expect(h.delete('/r/a/b')).toEqual(['w Deleted /r/a/b']);
    expect(h.delete('/r/a')).toEqual(['w Deleted /r/a']);
    expect(h.delete('/r')).toEqual(['w Deleted /r']);
    expect(h.create('/r')).toEqual(['w Created /r']);
  });

  it('real 3.8.0 A: a sibling sharing the prefix (/rx) is not in the subtree', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/r', 'w', true);
    expect(h.create('/rx')).toEqual([]);
    expect(h.delete('/rx')).toEqual([]);
  });

  it('a recursive watch on / sees everything', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/', 'w', true);
    expect(h.create('/a')).toEqual(['w Created /a']);
    expect(h.set('/')).toEqual(['w DataChanged /']);
  });

  it('real 3.8.0 C4: recursive / + getData /d → one event per setData (deduped), the recursive one stays', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/', 'w', true);
    h.watches.addDataWatch('/d', 'w');
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
    expect(h.set('/d')).toEqual(['w DataChanged /d']);
  });

  it('real 3.8.0 C8: recursive / + getChildren /d → create /d/x gives Created /d/x AND ChildrenChanged /d', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/', 'w', true);
    h.watches.addChildWatch('/d', 'w');
    expect(h.create('/d/x')).toEqual(['w Created /d/x', 'w ChildrenChanged /d']);
    expect(h.delete('/d/x')).toEqual(['w Deleted /d/x']);
    expect(h.delete('/d')).toEqual(['w Deleted /d']);
  });

  it('real 3.8.0 C10: recursive /d + persistent / → delete /d gives Deleted /d and ChildrenChanged /', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/d', 'w', true);
    h.watches.addPersistentWatch('/', 'w', false);
    expect(h.create('/d/z')).toEqual(['w Created /d/z']);
    expect(h.delete('/d')).toEqual(['w Deleted /d', 'w ChildrenChanged /']);
  });

  it('real 3.8.0: persistent then recursive on one path → recursive wins, so no NodeChildrenChanged', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/w', 'w', false);
    h.watches.addPersistentWatch('/w', 'w', true);
    expect(h.create('/w/c')).toEqual(['w Created /w/c']);
    expect(h.delete('/w/c')).toEqual(['w Deleted /w/c']);
  });

  it('real 3.8.0 C13: exists then recursive on /d → recursive wins and survives delete/create cycles', () => {
    const h = new Harness();
    h.watches.addDataWatch('/d', 'w');
    h.watches.addPersistentWatch('/d', 'w', true);
    for (let i = 0; i < 2; i++) {
      expect(h.delete('/d')).toEqual(['w Deleted /d']);
      expect(h.create('/d')).toEqual(['w Created /d']);
    }
  });
});

describe('checkWatches / removeWatches (real 3.8.0)', () => {
  it('no watch: check and remove give NOWATCHER (false / null), also on a missing path', () => {
    const m = new WatchManager<string>();
    for (const type of [WatcherType.Children, WatcherType.Data, WatcherType.Any]) {
      expect(m.checkWatches('/x', type, 'w')).toBe(false);
      expect(m.removeWatches('/x', type, 'w')).toBeNull();
    }
  });

  it('an exists watch is a Data watch: Children → NOWATCHER, Data → removed with no server event', () => {
    const h = new Harness();
    h.watches.addDataWatch('/x', 'w');
    expect(
      [WatcherType.Children, WatcherType.Data, WatcherType.Any].map((t) =>
        h.watches.checkWatches('/x', t, 'w'),
      ),
    ).toEqual([false, true, true]);
    expect(h.watches.removeWatches('/x', WatcherType.Children, 'w')).toBeNull();
    expect(h.watches.removeWatches('/x', WatcherType.Data, 'w')).toEqual([]);
    expect(h.watches.checkWatches('/x', WatcherType.Any, 'w')).toBe(false);
    expect(h.create('/x')).toEqual([]);
  });

  it('a getChildren watch is a Children watch', () => {
    const h = new Harness();
    h.watches.addChildWatch('/x', 'w');
    expect(h.watches.removeWatches('/x', WatcherType.Data, 'w')).toBeNull();
    expect(h.watches.removeWatches('/x', WatcherType.Children, 'w')).toEqual([]);
    expect(h.create('/x/c')).toEqual([]);
  });

  it('Any removes data and child watches together', () => {
    const m = new WatchManager<string>();
    m.addDataWatch('/x', 'w');
    m.addChildWatch('/x', 'w');
    expect(m.removeWatches('/x', WatcherType.Any, 'w')).toEqual([]);
    expect(m.checkWatches('/x', WatcherType.Any, 'w')).toBe(false);
  });

  it('a persistent watch checks as Children and Data; removing Data leaves NodeChildrenChanged firing', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/x', 'w', false);
    expect(h.watches.checkWatches('/x', WatcherType.Children, 'w')).toBe(true);
    expect(h.watches.checkWatches('/x', WatcherType.Data, 'w')).toBe(true);
    expect(h.watches.removeWatches('/x', WatcherType.Data, 'w')).toEqual([]);
    expect(h.watches.checkWatches('/x', WatcherType.Data, 'w')).toBe(false);
    expect(h.set('/x')).toEqual([]);
    expect(h.create('/x/c')).toEqual(['w ChildrenChanged /x']);
    expect(h.delete('/x/c')).toEqual(['w ChildrenChanged /x']);
  });

  it('a persistent watch with Children removed still fires NodeDataChanged', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/x', 'w', false);
    expect(h.watches.removeWatches('/x', WatcherType.Children, 'w')).toEqual([]);
    expect(h.set('/x')).toEqual(['w DataChanged /x']);
    expect(h.create('/x/c')).toEqual([]);
  });

  it('a recursive watch with Children removed still sees Created (data table) and Deleted of children (data table)', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/x', 'w', true);
    expect(h.watches.removeWatches('/x', WatcherType.Children, 'w')).toEqual([]);
    expect(h.set('/x')).toEqual(['w DataChanged /x']);
    expect(h.create('/x/c')).toEqual(['w Created /x/c']);
    expect(h.delete('/x/c')).toEqual(['w Deleted /x/c']);
  });

  it('a recursive watch with Data removed still sees Deleted of children, through the child table', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/x', 'w', true);
    expect(h.watches.removeWatches('/x', WatcherType.Data, 'w')).toEqual([]);
    expect(h.set('/x')).toEqual([]);
    expect(h.create('/x/c')).toEqual([]);
    expect(h.delete('/x/c')).toEqual(['w Deleted /x/c']);
  });

  it('Any removes a persistent or recursive watch completely', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/x', 'w', true);
    h.watches.addPersistentWatch('/y', 'w', false);
    expect(h.watches.removeWatches('/x', WatcherType.Any, 'w')).toEqual([]);
    expect(h.watches.removeWatches('/y', WatcherType.Any, 'w')).toEqual([]);
    expect([h.set('/x'), h.create('/x/c'), h.delete('/x/c'), h.set('/y'), h.create('/y/c')].flat()).toEqual(
      [],
    );
    expect(h.watches.watchCount).toBe(0);
  });

  it('Persistent(4)/PersistentRecursive(5) follow 3.9 (3.8.0 answers MARSHALLINGERROR): only the matching mode', () => {
    const m = new WatchManager<string>();
    m.addPersistentWatch('/x', 'w', true);
    expect(m.checkWatches('/x', WatcherType.Persistent, 'w')).toBe(false);
    expect(m.removeWatches('/x', WatcherType.Persistent, 'w')).toBeNull();
    expect(m.checkWatches('/x', WatcherType.PersistentRecursive, 'w')).toBe(true);
    expect(m.removeWatches('/x', WatcherType.PersistentRecursive, 'w')).toEqual([]);
    expect(m.watchCount).toBe(0);
  });

  it('removeWatcher (connection closed) drops everything of that watcher only', () => {
    const h = new Harness();
    h.watches.addPersistentWatch('/', 'gone', true);
    h.watches.addDataWatch('/x', 'gone');
    h.watches.addChildWatch('/x', 'gone');
    h.watches.addDataWatch('/x', 'kept');
    h.watches.removeWatcher('gone');
    expect(h.set('/x')).toEqual(['kept DataChanged /x']);
    expect(h.watches.watchCount).toBe(0);
  });
});

describe('introspection (real 3.8.0 mntr / wchs / wchc / wchp)', () => {
  it('zk_watch_count counts both tables; wchs, wchc and wchp show the data table only', () => {
    const m = new WatchManager<string>();
    // w1: getData + exists + getChildren on /q → mntr 2, wchs "1 connections watching 1 paths, Total watches:1"
    m.addDataWatch('/q', 'w1');
    m.addDataWatch('/q', 'w1');
    m.addChildWatch('/q', 'w1');
    expect(m.watchCount).toBe(2);
    expect(m.summary()).toEqual({ connections: 1, paths: 1, watches: 1 });
    // + persistent /q/a → mntr 4, wchs 1/2/2
    m.addPersistentWatch('/q/a', 'w1', false);
    expect(m.watchCount).toBe(4);
    expect(m.summary()).toEqual({ connections: 1, paths: 2, watches: 2 });
    // w2: recursive /q + exists /missing → mntr 7, wchs 2/3/4
    m.addPersistentWatch('/q', 'w2', true);
    m.addDataWatch('/missing', 'w2');
    expect(m.watchCount).toBe(7);
    expect(m.summary()).toEqual({ connections: 2, paths: 3, watches: 4 });
    expect(m.watchesByWatcher()).toEqual(
      new Map([
        ['w1', ['/q', '/q/a']],
        ['w2', ['/q', '/missing']],
      ]),
    );
    expect(m.watchesByPath()).toEqual(
      new Map([
        ['/q', ['w1', 'w2']],
        ['/q/a', ['w1']],
        ['/missing', ['w2']],
      ]),
    );
  });
});

describe('resetWatches (setWatches / setWatches2 after reconnect), real 3.8.0', () => {
  it('fires for what changed since relativeZxid, re-arms the rest, re-adds persistent watches silently', () => {
    const m = new WatchManager<string>();
    const rel = 100;
    const nodes = new Map([
      ['/sw/same', { mzxid: 100, pzxid: 90 }],
      ['/sw/datach', { mzxid: 101, pzxid: 90 }],
      ['/sw/kidch', { mzxid: 90, pzxid: 102 }],
      ['/sw/exists', { mzxid: 90, pzxid: 90 }],
    ]);
    const events = m.resetWatches(
      {
        relativeZxid: rel,
        dataWatches: ['/sw/same', '/sw/datach', '/sw/gone'],
        existWatches: ['/sw/exists', '/sw/notyet', '/sw/same'],
        childWatches: ['/sw/same', '/sw/kidch', '/sw/gone'],
        persistentWatches: ['/sw/datach'],
        persistentRecursiveWatches: ['/sw/kidch'],
      },
      (path) => nodes.get(path),
      'w',
    );
    expect(events.map(({ event }) => `${NAMES[event.type]} ${event.path}`)).toEqual([
      'DataChanged /sw/datach',
      'Deleted /sw/gone',
      'Created /sw/exists',
      'Created /sw/same',
      'ChildrenChanged /sw/kidch',
      'Deleted /sw/gone',
    ]);
    expect(
      events.every(({ watcher, event }) => watcher === 'w' && event.state === KeeperState.SyncConnected),
    ).toBe(true);
    const check = (path: string) => [
      m.checkWatches(path, WatcherType.Data, 'w'),
      m.checkWatches(path, WatcherType.Children, 'w'),
    ];
    expect(check('/sw/same')).toEqual([true, true]);
    expect(check('/sw/datach')).toEqual([true, true]);
    expect(check('/sw/kidch')).toEqual([true, true]);
    expect(check('/sw/notyet')).toEqual([true, false]);
    expect(check('/sw/gone')).toEqual([false, false]);
    expect(check('/sw/exists')).toEqual([false, false]);
  });
});
