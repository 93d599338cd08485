import type { ClientConnection } from '../connection/client-connection';
import { hexId } from '../hex';
import type { StandaloneServer } from '../standalone-server';

/** ` /ip:port[1](queued=0,recved=7,sent=7)`, the form `stat` uses; [1] = reading, [0] = not. */
export function briefConnectionLine(connection: ClientConnection): string {
  return ` /${connection.remote}[${interest(connection)}](${counters(connection)})\n`;
}

/** `cons`: every connection with its session and latency details. */
export function cons(server: StandaloneServer): string {
  let out = '';
  for (const c of server.connections) {
    if (c.sessionId === 0n) {
      out += briefConnectionLine(c);
      continue;
    }
    const avg = c.latencyCount === 0 ? 0 : Math.floor(c.totalLatency / c.latencyCount);
    out +=
      ` /${c.remote}[${interest(c)}](${counters(c)},sid=${hexId(c.sessionId)},lop=${c.lastOp},est=${c.established},` +
      `to=${c.sessionTimeout},lcxid=${hexId(Math.max(c.lastCxid, 0))},lzxid=${hexId(Math.max(c.lastZxid, 0))},` +
      `lresp=${c.lastResponseTime},llat=${c.lastLatency},minlat=${c.minLatency},avglat=${avg},maxlat=${c.maxLatency})\n`;
  }
  return `${out}\n`;
}

/** `crst` */
export function crst(server: StandaloneServer): string {
  for (const connection of server.connections) connection.resetStats();
  return 'Connection stats reset.\n';
}

function interest(connection: ClientConnection): number {
  return connection.state === 'closed' || connection.paused ? 0 : 1;
}

function counters(connection: ClientConnection): string {
  return `queued=${connection.outstanding},recved=${connection.packetsReceived},sent=${connection.packetsSent}`;
}
