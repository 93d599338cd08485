/**
 * Watch registry and ACL cache costs at a realistic scale (run: node --import tsx bench/watches/trigger.ts).
 * Measures: registering 1M one-shot watches, setData triggers on deep paths with no recursive watch
 * (the common case: no ancestor walk) and with one recursive watch on '/', and the memory of 1M
 * znodes' ACL refs sharing 3 lists.
 */

import { ACLCache } from '../../packages/core/src/acl/acl-cache';
import { EventType } from '../../packages/core/src/constants';
import { CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../../packages/core/src/types';
import { WatchManager } from '../../packages/core/src/watches/watch-manager';

const PATHS = 100_000;
const WATCHERS = 1_000;
const paths = Array.from({ length: PATHS }, (_, i) => `/app/svc${i % 100}/node${i}/leaf`);
const watchers = Array.from({ length: WATCHERS }, (_, i) => ({ session: i }));

function time(label: string, ops: number, run: () => void): void {
  const start = process.hrtime.bigint();
  run();
  const ns = Number(process.hrtime.bigint() - start);
  console.log(
    `${label.padEnd(58)} ${(ns / 1e6).toFixed(0).padStart(6)} ms  ${((ns / ops) | 0).toString().padStart(6)} ns/op`,
  );
}

const manager = new WatchManager<{ session: number }>();
const heapBefore = process.memoryUsage().heapUsed;
time('register 1M data watches (100k paths x 10 watchers)', 1_000_000, () => {
  for (let i = 0; i < 1_000_000; i++) manager.addDataWatch(paths[i % PATHS]!, watchers[i % WATCHERS]!);
});
console.log(`  heap for 1M watches: ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB`);

time('setData trigger on unwatched deep paths, no recursive watch', 1_000_000, () => {
  for (let i = 0; i < 1_000_000; i++)
    manager.triggerData(`/other/x${i % 1000}/y/z`, EventType.NodeDataChanged);
});
manager.addPersistentWatch('/', watchers[0]!, true);
time('setData trigger on unwatched deep paths, one recursive on /', 1_000_000, () => {
  for (let i = 0; i < 1_000_000; i++)
    manager.triggerData(`/other/x${i % 1000}/y/z`, EventType.NodeDataChanged);
});
time('setData trigger firing all 1M one-shot watches (10/path)', PATHS, () => {
  for (const path of paths) manager.triggerData(path, EventType.NodeDataChanged);
});
console.log(`  watches left: ${manager.watchCount} (the recursive one, in both tables)`);

const cache = new ACLCache();
const lists = [OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, CREATOR_ALL_ACL];
const refs = new Int32Array(1_000_000);
time('ACLCache.intern for 1M znodes sharing 3 lists', 1_000_000, () => {
  for (let i = 0; i < refs.length; i++) refs[i] = cache.intern(lists[i % 3]!);
});
console.log(`  distinct lists stored: ${cache.size}`);
