/**
 * sasl(102) (zookeeper.jute):
 *   GetSASLRequest  { buffer token }
 *   SetSASLResponse { buffer token }
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeSaslToken(w: JuteWriter, record: { token: Uint8Array }): void {
  w.writeBuffer(record.token);
}

export function readSaslToken(r: JuteReader): { token: Uint8Array } {
  return { token: r.readBuffer() };
}
