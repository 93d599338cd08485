/**
 * CPU time of other processes (the members) from /proc/<pid>/stat, so that a bench can tell the
 * CPU a write costs each kind: on 2 shared cores that figure, not latency, caps throughput.
 */
import { readFileSync } from 'node:fs';

// USER_HZ: 100 on Linux everywhere Node runs (the kernel exports utime/stime in these ticks)
const TICK_US = 10_000;

/** utime + stime of `pid` in µs; 0 when the process is gone (it then adds nothing to a delta). */
export function processCpuMicros(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // the command name (field 2) may hold spaces: count fields after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/** CPU µs of each pid and of this process, now; `since` turns two readings into a delta. */
export function cpuReading(pids: readonly number[]): { members: number[]; self: number } {
  const own = process.cpuUsage();
  return { members: pids.map(processCpuMicros), self: own.user + own.system };
}

export function cpuSince(
  before: { members: number[]; self: number },
  after: { members: number[]; self: number },
): { members: number[]; self: number } {
  return {
    members: after.members.map((us, i) => us - (before.members[i] ?? 0)),
    self: after.self - before.self,
  };
}
