/** What the API accepts as znode data: bytes, or a string sent as UTF-8. */
export type Data = Uint8Array | string;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

export function toBytes(data: Data | undefined | null): Uint8Array {
  if (data === undefined || data === null) return EMPTY;
  return typeof data === 'string' ? encoder.encode(data) : data;
}
