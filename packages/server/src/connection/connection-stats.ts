import { OpCode } from '@zkts/core';
import { opName } from './request-kind';

/** Per-connection counters, as `cons` reports them and `crst` resets them. */
export class ConnectionStats {
  packetsReceived = 0;
  packetsSent = 0;
  /** Short name of the last non-ping operation answered ('NA' before any). */
  lastOp = 'NA';
  lastCxid = -1;
  lastZxid = -1;
  lastResponseTime = 0;
  lastLatency = 0;
  minLatency = 0;
  maxLatency = 0;
  totalLatency = 0;
  latencyCount = 0;

  /** Records one answered request; returns its latency. */
  answered(type: number, xid: number, zxid: number, receivedAt: number, now: number): number {
    const latency = now - receivedAt;
    if (type !== OpCode.ping) {
      this.lastOp = opName(type);
      this.lastCxid = xid;
    } else if (this.lastOp === 'NA') {
      this.lastOp = 'PING';
    }
    this.lastZxid = zxid;
    this.lastResponseTime = now;
    this.lastLatency = latency;
    if (this.latencyCount === 0 || latency < this.minLatency) this.minLatency = latency;
    if (latency > this.maxLatency) this.maxLatency = latency;
    this.totalLatency += latency;
    this.latencyCount++;
    return latency;
  }

  get averageLatency(): number {
    return this.latencyCount === 0 ? 0 : Math.floor(this.totalLatency / this.latencyCount);
  }

  reset(): void {
    this.packetsReceived = 0;
    this.packetsSent = 0;
    this.lastOp = 'NA';
    this.lastCxid = -1;
    this.lastZxid = -1;
    this.lastResponseTime = 0;
    this.lastLatency = 0;
    this.minLatency = 0;
    this.maxLatency = 0;
    this.totalLatency = 0;
    this.latencyCount = 0;
  }
}
