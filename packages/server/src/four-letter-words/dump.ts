import type { ServingHost } from '../connection/serving-host';
import { hexId } from '../hex';
import { javaDate } from './format';

/** `dump`: session expiry buckets, ephemerals by session, and the connections. */
export function dump(server: ServingHost): string {
  const buckets = server.sessions.expiryBuckets();
  const sessionCount = buckets.reduce((sum, bucket) => sum + bucket.sessionIds.length, 0);
  let out = `SessionTracker dump:\nSession Sets (${buckets.length})/(${sessionCount}):\n`;
  for (const bucket of buckets) {
    out += `${bucket.sessionIds.length} expire at ${javaDate(bucket.expiresAt)}:\n`;
    for (const id of bucket.sessionIds) out += `\t${hexId(id)}\n`;
  }
  const ephemerals = [...server.tree.ephemerals];
  out += `ephemeral nodes dump:\nSessions with Ephemerals (${ephemerals.length}):\n`;
  for (const [sessionId, paths] of ephemerals) {
    out += `${hexId(sessionId)}:\n`;
    for (const path of [...paths].sort()) out += `\t${path}\n`;
  }
  const connections = [...server.connections];
  out += `Connections dump:\nConnections Sets (${connections.length === 0 ? 0 : 1})/(${connections.length}):\n`;
  if (connections.length > 0) {
    const tick = server.config.tickTime;
    const next = (Math.floor(server.clock() / tick) + 1) * tick;
    out += `${connections.length} expire at ${javaDate(next)}:\n`;
    for (const c of connections) out += `\tip: /${c.remote} sessionId: ${hexId(c.sessionId)}\n`;
  }
  return out;
}
