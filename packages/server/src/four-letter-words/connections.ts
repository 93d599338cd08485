import type { ClientConnection } from '../connection/client-connection';
import type { ServingHost } from '../connection/serving-host';
import { hexId } from '../hex';

/** ` /ip:port[1](queued=0,recved=7,sent=7)`, the form `stat` uses; [1] = reading, [0] = not. */
export function briefConnectionLine(connection: ClientConnection): string {
  return ` /${connection.remote}[${interest(connection)}](${counters(connection)})\n`;
}

/** `cons`: every connection with its session and latency details. */
export function cons(server: ServingHost): string {
  let out = '';
  for (const c of server.connections) {
    if (c.sessionId === 0n) {
      out += briefConnectionLine(c);
      continue;
    }
    const st = c.stats;
    out +=
      ` /${c.remote}[${interest(c)}](${counters(c)},sid=${hexId(c.sessionId)},lop=${st.lastOp},est=${c.established},` +
      `to=${c.sessionTimeout},lcxid=${hexId(Math.max(st.lastCxid, 0))},lzxid=${hexId(Math.max(st.lastZxid, 0))},` +
      `lresp=${st.lastResponseTime},llat=${st.lastLatency},minlat=${st.minLatency},avglat=${st.averageLatency},maxlat=${st.maxLatency})\n`;
  }
  return `${out}\n`;
}

/** `crst` */
export function crst(server: ServingHost): string {
  for (const connection of server.connections) connection.stats.reset();
  return 'Connection stats reset.\n';
}

function interest(connection: ClientConnection): number {
  return connection.state === 'closed' || connection.paused ? 0 : 1;
}

function counters(connection: ClientConnection): string {
  return `queued=${connection.outstanding},recved=${connection.stats.packetsReceived},sent=${connection.stats.packetsSent}`;
}
