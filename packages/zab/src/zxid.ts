/**
 * zxid = epoch * 2^32 + counter, as a JS number: exact while epochs stay below 2^21.
 * A new leader starts its epoch at counter 0; counter 0xffffffff forces a new election.
 */
const EPOCH_UNIT = 4294967296;
export const MAX_COUNTER = 0xffffffff;
export const MAX_EPOCH = 2 ** 21 - 1;

export function makeZxid(epoch: number, counter: number): number {
  return epoch * EPOCH_UNIT + counter;
}

export function epochOf(zxid: number): number {
  return Math.floor(zxid / EPOCH_UNIT);
}

export function counterOf(zxid: number): number {
  return zxid - epochOf(zxid) * EPOCH_UNIT;
}

/** `0x<epoch>:<counter>` for traces and error messages. */
export function formatZxid(zxid: number): string {
  return `${epochOf(zxid).toString(16)}.${counterOf(zxid).toString(16)}`;
}
