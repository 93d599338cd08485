/**
 * ErrorResponse (zookeeper.jute): { int err }. The body of an ErrorResult inside a
 * MultiResponse, and of the (successful) reply to addWatch, where err is 0.
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeErrorResponse(w: JuteWriter, err: number): void {
  w.writeInt(err);
}

export function readErrorResponse(r: JuteReader): number {
  return r.readInt();
}
