/**
 * Preloaded into each zkts member by a bench (ZKTS_MEMBER_NODE_ARGS='--import
 * ./bench/ensemble/member-stalls.mjs', ZKTS_STALLS_DIR=/tmp/stalls) to attribute latency outliers
 * without touching the server: once a second it appends to <dir>/<pid>.log the event loop's
 * delay (p99/max), the GC pauses (count, total, longest, kind) and the fdatasync calls (count,
 * longest) of that second. A slow second without a long GC, fsync or loop delay points at
 * descheduling (the machine is shared) or at waiting on another member.
 */
import { appendFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const dir = process.env.ZKTS_STALLS_DIR ?? '/tmp';
const file = join(dir, `${process.pid}.log`);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

let gcCount = 0;
let gcTotal = 0;
let gcLongest = 0;
let gcLongestKind = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount += 1;
    gcTotal += entry.duration;
    if (entry.duration > gcLongest) {
      gcLongest = entry.duration;
      gcLongestKind = entry.detail?.kind ?? 0;
    }
  }
}).observe({ entryTypes: ['gc'] });

// FileHandle is not exported: reach its prototype through a handle, and time every datasync
let syncCount = 0;
let syncLongest = 0;
const probe = await open('/dev/null', 'r');
const proto = Object.getPrototypeOf(probe);
await probe.close();
const datasync = proto.datasync;
proto.datasync = async function timedDatasync() {
  const started = performance.now();
  try {
    return await datasync.call(this);
  } finally {
    syncCount += 1;
    syncLongest = Math.max(syncLongest, performance.now() - started);
  }
};

// GC kinds of perf_hooks: 1 minor (scavenge), 2 major (mark-compact), 4 incremental, 8 weak callbacks
setInterval(() => {
  const ms = (ns) => (ns / 1e6).toFixed(1);
  appendFileSync(
    file,
    `${new Date().toISOString()} loop p99 ${ms(loop.percentile(99))} max ${ms(loop.max)} ms` +
      ` | gc ${gcCount} total ${gcTotal.toFixed(1)} longest ${gcLongest.toFixed(1)} ms kind ${gcLongestKind}` +
      ` | fsync ${syncCount} longest ${syncLongest.toFixed(1)} ms\n`,
  );
  loop.reset();
  gcCount = 0;
  gcTotal = 0;
  gcLongest = 0;
  syncCount = 0;
  syncLongest = 0;
}, 1000).unref();
