import { LatencyStats } from './latency-stats';

/** Server-wide counters behind srvr, stat, mntr and /metrics; `srst` resets them. */
export class ServerStats {
  packetsReceived = 0;
  packetsSent = 0;
  readonly latency = new LatencyStats();
  /** Bytes of the last, smallest and largest reply (mntr's zk_*_client_response_size). */
  lastResponseSize = 0;
  minResponseSize = 0;
  maxResponseSize = 0;
  authFailures = 0;
  connectionsRejected = 0;
  snapshotsTaken = 0;
  fsyncFailures = 0;

  recordResponseSize(bytes: number): void {
    this.lastResponseSize = bytes;
    if (this.minResponseSize === 0 || bytes < this.minResponseSize) this.minResponseSize = bytes;
    if (bytes > this.maxResponseSize) this.maxResponseSize = bytes;
  }

  reset(): void {
    this.packetsReceived = 0;
    this.packetsSent = 0;
    this.latency.reset();
    this.lastResponseSize = 0;
    this.minResponseSize = 0;
    this.maxResponseSize = 0;
  }
}
