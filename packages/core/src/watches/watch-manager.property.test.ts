import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventType, WatcherType } from '../constants';
import { WatchManager, type WatchNotification } from './watch-manager';
import { WatchMode } from './watch-mode';

const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

const PATHS = ['/', '/a', '/a/b', '/a/b/c', '/ab', '/b'];
const WATCHERS = ['w0', 'w1', 'w2'];
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';
const isAncestor = (ancestor: string, path: string) =>
  ancestor !== path && (ancestor === '/' || path.startsWith(`${ancestor}/`));

type Table = 'data' | 'child';

/**
 * A deliberately naive reference: a flat list of (table, path, watcher) → mode registrations with
 * ZooKeeper 3.8.0's rules applied by scanning everything. The real WatchManager must agree with it
 * after any sequence of operations.
 */
class Model {
  readonly regs = new Map<string, { table: Table; path: string; watcher: string; mode: WatchMode }>();
  add(table: Table, path: string, watcher: string, mode: WatchMode) {
    this.regs.set(`${table} ${path} ${watcher}`, { table, path, watcher, mode });
  }
  trigger(table: Table, path: string, type: EventType): Set<string> {
    const hit = new Set<string>();
    for (const [key, reg] of this.regs) {
      if (reg.table !== table) continue;
      const recursive = reg.mode === WatchMode.PERSISTENT_RECURSIVE;
      if (reg.path === path) {
        if (recursive && type === EventType.NodeChildrenChanged) continue;
        hit.add(reg.watcher);
        if (reg.mode === WatchMode.STANDARD) this.regs.delete(key);
      } else if (recursive && type !== EventType.NodeChildrenChanged && isAncestor(reg.path, path)) {
        hit.add(reg.watcher);
      }
    }
    return hit;
  }
  has(table: Table, path: string, watcher: string, mode?: WatchMode) {
    const reg = this.regs.get(`${table} ${path} ${watcher}`);
    return reg !== undefined && (mode === undefined || reg.mode === mode);
  }
  remove(table: Table, path: string, watcher: string) {
    return this.regs.delete(`${table} ${path} ${watcher}`);
  }
}

const events = (list: Iterable<string>, type: EventType, path: string) =>
  [...list].map((w) => `${w} ${type} ${path}`);
const shown = (list: Array<WatchNotification<string>>) =>
  list.map(({ watcher, event }) => `${watcher} ${event.type} ${event.path}`);

const path = fc.constantFrom(...PATHS);
const watcher = fc.constantFrom(...WATCHERS);
const op = fc.oneof(
  fc.record({ kind: fc.constantFrom('data', 'child', 'persistent', 'recursive'), path, watcher }),
  fc.record({ kind: fc.constantFrom('create', 'delete', 'set'), path }),
  fc.record({ kind: fc.constant('remove' as const), path, watcher, type: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('close' as const), watcher }),
);

describe('WatchManager properties', () => {
  it('agrees with a naive model of ZooKeeper 3.8.0 after any sequence; one event per watcher per trigger', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const real = new WatchManager<string>();
        const model = new Model();
        for (const o of ops) {
          switch (o.kind) {
            case 'data':
              real.addDataWatch(o.path, o.watcher);
              model.add('data', o.path, o.watcher, WatchMode.STANDARD);
              break;
            case 'child':
              real.addChildWatch(o.path, o.watcher);
              model.add('child', o.path, o.watcher, WatchMode.STANDARD);
              break;
            case 'persistent':
            case 'recursive': {
              const mode = o.kind === 'recursive' ? WatchMode.PERSISTENT_RECURSIVE : WatchMode.PERSISTENT;
              real.addPersistentWatch(o.path, o.watcher, o.kind === 'recursive');
              model.add('data', o.path, o.watcher, mode);
              model.add('child', o.path, o.watcher, mode);
              break;
            }
            case 'create':
            case 'set': {
              const type = o.kind === 'create' ? EventType.NodeCreated : EventType.NodeDataChanged;
              const got = shown(real.triggerData(o.path, type));
              expect(got).toHaveLength(new Set(got).size);
              expect(got.sort()).toEqual(events(model.trigger('data', o.path, type), type, o.path).sort());
              if (o.kind === 'create' && o.path !== '/') {
                const parent = parentOf(o.path);
                const kids = shown(real.triggerChild(parent, EventType.NodeChildrenChanged));
                expect(kids.sort()).toEqual(
                  events(
                    model.trigger('child', parent, EventType.NodeChildrenChanged),
                    EventType.NodeChildrenChanged,
                    parent,
                  ).sort(),
                );
              }
              break;
            }
            case 'delete': {
              const deleted = [
                ...shown(real.triggerData(o.path, EventType.NodeDeleted)),
                ...shown(real.triggerChild(o.path, EventType.NodeDeleted)),
              ];
              const viaData = model.trigger('data', o.path, EventType.NodeDeleted);
              const viaChild = [...model.trigger('child', o.path, EventType.NodeDeleted)].filter(
                (w) => !viaData.has(w),
              );
              expect(deleted).toHaveLength(new Set(deleted).size);
              expect(deleted.sort()).toEqual(
                events([...viaData, ...viaChild], EventType.NodeDeleted, o.path).sort(),
              );
              break;
            }
            case 'remove': {
              const type = o.type as WatcherType;
              const checked = real.checkWatches(o.path, type, o.watcher);
              const tables: Table[] =
                type === WatcherType.Data
                  ? ['data']
                  : type === WatcherType.Children
                    ? ['child']
                    : ['data', 'child'];
              const mode =
                type === WatcherType.Persistent
                  ? WatchMode.PERSISTENT
                  : type === WatcherType.PersistentRecursive
                    ? WatchMode.PERSISTENT_RECURSIVE
                    : undefined;
              const expected = tables.some((t) => model.has(t, o.path, o.watcher, mode));
              expect(checked).toBe(expected);
              expect(real.removeWatches(o.path, type, o.watcher)).toEqual(expected ? [] : null);
              for (const t of tables)
                if (model.has(t, o.path, o.watcher, mode)) model.remove(t, o.path, o.watcher);
              break;
            }
            case 'close':
              real.removeWatcher(o.watcher);
              for (const [key, reg] of model.regs) if (reg.watcher === o.watcher) model.regs.delete(key);
              break;
          }
          expect(real.watchCount).toBe(model.regs.size);
        }
        for (const w of WATCHERS) real.removeWatcher(w);
        expect(real.watchCount).toBe(0);
        expect(real.summary()).toEqual({ connections: 0, paths: 0, watches: 0 });
      }),
      seed,
    );
  });

  it('a one-shot watch never fires twice without being registered again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('create', 'delete', 'set', 'kids'), path }), {
          maxLength: 40,
        }),
        path,
        (changes, watched) => {
          const m = new WatchManager<string>();
          m.addDataWatch(watched, 'w');
          m.addChildWatch(watched, 'w');
          let fired = 0;
          for (const c of changes) {
            const out =
              c.kind === 'kids'
                ? m.triggerChild(c.path, EventType.NodeChildrenChanged)
                : c.kind === 'delete'
                  ? [
                      ...m.triggerData(c.path, EventType.NodeDeleted),
                      ...m.triggerChild(c.path, EventType.NodeDeleted),
                    ]
                  : m.triggerData(
                      c.path,
                      c.kind === 'create' ? EventType.NodeCreated : EventType.NodeDataChanged,
                    );
            fired += out.length;
          }
          // One data watch and one child watch: at most two events ever, one per table.
          expect(fired).toBeLessThanOrEqual(2);
        },
      ),
      seed,
    );
  });
});
