import { LatencyStats } from './latency-stats';
import { Summary } from './summary';

/**
 * Server-wide counters and distributions behind srvr, stat, mntr and /metrics; `srst` resets
 * the ones ZooKeeper's does (packets, latencies, response sizes). Names follow ZooKeeper's
 * ServerMetrics where a figure has one.
 */
export class ServerStats {
  packetsReceived = 0;
  packetsSent = 0;
  readonly latency = new LatencyStats();
  /** Bytes of the last, smallest and largest reply (mntr's zk_*_client_response_size); −1 = none yet. */
  lastResponseSize = -1;
  minResponseSize = -1;
  maxResponseSize = -1;
  authFailures = 0;
  connectionsRejected = 0;
  fsyncFailures = 0;
  /** zk_bytes_received_count: bytes read from client sockets. */
  bytesReceived = 0;
  /** zk_connection_request_count: ConnectRequests received (new or resumed sessions). */
  connectionRequests = 0;
  /** zk_connection_revalidate_count: handshakes that resumed an existing session. */
  connectionRevalidations = 0;
  /** zk_sessionless_connections_expired: connections closed for sending no ConnectRequest. */
  sessionlessConnectionsExpired = 0;
  /** zk_stale_sessions_expired: sessions the expirer closed. */
  sessionsExpired = 0;
  /** zk_readlatency / zk_updatelatency: ms from receipt to reply, reads and writes apart. */
  readonly readLatency = new Summary(true);
  readonly updateLatency = new Summary(true);
  /** zk_fsynctime: ms per txn log flush (fsync). */
  readonly fsyncTime = new Summary(false);
  /** zk_sync_processor_batch_size: txns made durable by one flush (group commit). */
  readonly syncBatchSize = new Summary(false);
  /** zk_snapshottime: ms per snapshot written (its count is the number of snapshots). */
  readonly snapshotTime = new Summary(false);

  recordResponseSize(bytes: number): void {
    this.lastResponseSize = bytes;
    if (this.minResponseSize === -1 || bytes < this.minResponseSize) this.minResponseSize = bytes;
    if (bytes > this.maxResponseSize) this.maxResponseSize = bytes;
  }

  reset(): void {
    this.packetsReceived = 0;
    this.packetsSent = 0;
    this.latency.reset();
    this.lastResponseSize = -1;
    this.minResponseSize = -1;
    this.maxResponseSize = -1;
  }
}
