import { describeValue } from './arguments';

/** What the API accepts as znode data: bytes, or a string sent as UTF-8. */
export type Data = Uint8Array | string;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** The bytes of `data`; anything but a string, bytes, null or undefined is a TypeError (JavaScript callers). */
export function toBytes(data: Data | undefined | null): Uint8Array {
  if (data === undefined || data === null) return EMPTY;
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  throw new TypeError(
    `znode data must be a string (sent as UTF-8), a Uint8Array or Buffer, or null; got ${describeValue(data)}` +
      (typeof data === 'object' ? ' (serialise objects yourself, e.g. JSON.stringify)' : ''),
  );
}
