/**
 * Codec throughput on one core: a getData request/response pair and a 100-byte setData
 * request/response pair, each "pair" being encode + decode of the request and encode + decode
 * of the reply (4 codec calls, 2 frames). Rounds alternate between the two workloads; best and
 * median are printed, as pairs per second of CPU time. Run: node --import tsx bench/protocol/codec.bench.ts [rounds]
 */
import { OpCode, type Stat } from '@zkts/core';
import { decodeRequest, decodeResponse, encodeRequest, FrameWriter } from '../../packages/protocol/src/index';

const rounds = Number(process.argv[2] ?? 7);
const pairsPerRound = 400_000;

const stat: Stat = {
  czxid: 0x100000010,
  mzxid: 0x100000200,
  ctime: 1_764_200_000_000,
  mtime: 1_764_200_100_000,
  version: 17,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 100,
  numChildren: 0,
  pzxid: 0x100000010,
};
const value = new Uint8Array(100).fill(0x61);
const serverOut = new FrameWriter();
let sink = 0;

function getDataPairs(n: number): void {
  for (let i = 0; i < n; i++) {
    const request = encodeRequest(i, { type: OpCode.getData, path: '/app/config/service-42', watch: true });
    const decoded = decodeRequest(request.subarray(4));
    const reply = serverOut
      .writeResponse(decoded.xid, 0x100000300 + i, 0, { type: OpCode.getData, data: value, stat })
      .take();
    const response = decodeResponse(reply.subarray(4), OpCode.getData);
    sink += response.xid;
  }
}

function setDataPairs(n: number): void {
  for (let i = 0; i < n; i++) {
    const request = encodeRequest(i, {
      type: OpCode.setData,
      path: '/app/config/service-42',
      data: value,
      version: -1,
    });
    const decoded = decodeRequest(request.subarray(4));
    const reply = serverOut
      .writeResponse(decoded.xid, 0x100000300 + i, 0, { type: OpCode.setData, stat })
      .take();
    const response = decodeResponse(reply.subarray(4), OpCode.setData);
    sink += response.xid;
  }
}

/**
 * Rate per second of CPU time used by this process (user + system), not wall time: on a shared
 * machine that is the closer measure of "one core". GC helper threads count too.
 */
function measure(run: (n: number) => void): number {
  const start = process.cpuUsage();
  run(pairsPerRound);
  const used = process.cpuUsage(start);
  return pairsPerRound / ((used.user + used.system) / 1e6);
}

const workloads = [
  { name: 'getData request/response pair', run: getDataPairs, rates: [] as number[] },
  { name: 'setData (100 B) request/response pair', run: setDataPairs, rates: [] as number[] },
];
for (const w of workloads) w.run(50_000); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const w of workloads) w.rates.push(measure(w.run));
}

const fmt = (rate: number) => `${(rate / 1e6).toFixed(2)}M`;
for (const w of workloads) {
  const sorted = [...w.rates].sort((a, b) => a - b);
  const best = sorted.at(-1)!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `${w.name}: best ${fmt(best)} pairs/s (${fmt(best * 2)} frames/s), median ${fmt(median)} pairs/s (${fmt(median * 2)} frames/s) over ${rounds} rounds of ${pairsPerRound}`,
  );
}
if (sink === 42) console.log('');
