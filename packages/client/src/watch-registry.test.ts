import { EventType } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { WatchRegistry } from './watch-registry';

function recorder() {
  const log: string[] = [];
  const oneShot = (name: string) => ({
    trigger: (type: string, path: string) => log.push(`${name}:${type}:${path}`),
    cancel: (error: Error) => log.push(`${name}:cancel:${error.message}`),
  });
  const persistent = (name: string) => ({
    event: (type: string, path: string) => log.push(`${name}:${type}:${path}`),
    end: (error?: Error) => log.push(`${name}:end${error ? `:${error.message}` : ''}`),
  });
  return { log, oneShot, persistent };
}

describe('WatchRegistry', () => {
  it('routes events like the Java client: created/changed to data+exist, children to child, deleted to all', () => {
    const registry = new WatchRegistry();
    const { log, oneShot } = recorder();
    registry.addOneShot('data', '/a', oneShot('data'));
    registry.addOneShot('exist', '/a', oneShot('exist'));
    registry.addOneShot('child', '/a', oneShot('child'));
    registry.dispatch(EventType.NodeChildrenChanged, '/a');
    expect(log).toEqual(['child:children-changed:/a']);
    registry.dispatch(EventType.NodeDataChanged, '/a');
    expect(log.slice(1)).toEqual(['data:data-changed:/a', 'exist:data-changed:/a']);
    // consumed: nothing left to fire
    expect(registry.dispatch(EventType.NodeDeleted, '/a')).toBe(0);
    registry.addOneShot('data', '/b', oneShot('d2'));
    registry.addOneShot('child', '/b', oneShot('c2'));
    registry.dispatch(EventType.NodeDeleted, '/b');
    expect(log.slice(3)).toEqual([
      'd2:deleted:/b',
      'c2:children-changed:/b'.replace('children-changed', 'deleted'),
    ]);
    expect(registry.isEmpty).toBe(true);
  });

  it('one watcher registered twice fires once', () => {
    const registry = new WatchRegistry();
    const { log, oneShot } = recorder();
    const watcher = oneShot('w');
    registry.addOneShot('data', '/a', watcher);
    registry.addOneShot('exist', '/a', watcher);
    registry.dispatch(EventType.NodeCreated, '/a');
    expect(log).toEqual(['w:created:/a']);
  });

  it('persistent watches stay; recursive ones cover descendants but never children-changed', () => {
    const registry = new WatchRegistry();
    const { log, persistent } = recorder();
    registry.addPersistent('persistent', '/a', persistent('p'));
    registry.addPersistent('recursive', '/', persistent('root'));
    registry.addPersistent('recursive', '/a', persistent('r'));
    registry.dispatch(EventType.NodeChildrenChanged, '/a');
    registry.dispatch(EventType.NodeCreated, '/a/b/c');
    registry.dispatch(EventType.NodeDataChanged, '/a');
    expect(log).toEqual([
      'p:children-changed:/a',
      'r:created:/a/b/c',
      'root:created:/a/b/c',
      'p:data-changed:/a',
      'r:data-changed:/a',
      'root:data-changed:/a',
    ]);
    expect(registry.paths()).toEqual({
      data: [],
      exist: [],
      child: [],
      persistent: ['/a'],
      recursive: ['/', '/a'],
    });
  });

  it('the last persistent listener to go is reported, so the server watch can be removed', () => {
    const registry = new WatchRegistry();
    const { persistent } = recorder();
    const one = persistent('1');
    const two = persistent('2');
    expect(registry.addPersistent('recursive', '/x', one)).toBe(true);
    expect(registry.addPersistent('recursive', '/x', two)).toBe(false);
    expect(registry.removePersistent('recursive', '/x', one)).toBe(false);
    expect(registry.removePersistent('recursive', '/x', two)).toBe(true);
  });

  it('takeOneShot removes matching watchers and tells whether any remain', () => {
    const registry = new WatchRegistry();
    const { oneShot } = recorder();
    const a = oneShot('a');
    const b = oneShot('b');
    registry.addOneShot('data', '/p', a);
    registry.addOneShot('data', '/p', b);
    const first = registry.takeOneShot(['data', 'exist'], '/p', (w) => w === a);
    expect(first.removed.get('data')).toEqual([a]);
    expect(first.remaining).toBe(true);
    const rest = registry.takeOneShot(['data', 'exist'], '/p');
    expect(rest.removed.get('data')).toEqual([b]);
    expect(registry.isEmpty).toBe(true);
  });

  it('cancelAll tells every watcher once and empties the registry', () => {
    const registry = new WatchRegistry();
    const { log, oneShot, persistent } = recorder();
    const w = oneShot('w');
    registry.addOneShot('data', '/a', w);
    registry.addOneShot('child', '/a', w);
    registry.addPersistent('persistent', '/a', persistent('p'));
    registry.cancelAll(new Error('expired'));
    expect(log).toEqual(['w:cancel:expired', 'p:end:expired']);
    expect(registry.isEmpty).toBe(true);
  });

  it('closeAll fires a closed event at each one-shot watch once and ends persistent listeners without an error', () => {
    const registry = new WatchRegistry();
    const { log, oneShot, persistent } = recorder();
    const w = oneShot('w');
    registry.addOneShot('data', '/a', w);
    registry.addOneShot('child', '/a', w);
    registry.addOneShot('exist', '/b', oneShot('x'));
    registry.addPersistent('recursive', '/a', persistent('p'));
    registry.closeAll();
    expect(log).toEqual(['w:closed:/a', 'x:closed:/b', 'p:end']);
    expect(registry.isEmpty).toBe(true);
  });
});
