import { NULL_DATA } from '@zkts/core';

/**
 * Jute distinguishes a null buffer (length −1) from an empty one (length 0): the Java client
 * sends null when `create(path, null, …)` is called, and the server then answers getData with
 * null too. The core records type `data` as a plain Uint8Array, so the codec marks null with
 * this one empty instance: decoders return it for −1 and encoders write −1 when handed it.
 * Code that copies data must keep the marker (`data === NULL_BUFFER ? NULL_BUFFER : copy`).
 * It is core's NULL_DATA, so a null value survives the txn log and snapshots too.
 */
export const NULL_BUFFER: Uint8Array = NULL_DATA;

export function isNullBuffer(bytes: Uint8Array): boolean {
  return bytes === NULL_BUFFER;
}
