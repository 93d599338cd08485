/** One DER element: its tag byte, its content bytes, and the whole encoding (tag and length included). */
export interface DerElement {
  tag: number;
  content: Uint8Array;
  encoded: Uint8Array;
}

/**
 * The elements one after the other in `bytes` (the content of a SEQUENCE or SET). DER only:
 * definite lengths, single-byte tags, which is all an X.509 Name needs. Throws on truncation.
 */
export function derChildren(bytes: Uint8Array): DerElement[] {
  const elements: DerElement[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const tag = bytes[at++]!;
    if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not expected here');
    let length = bytes[at++];
    if (length === undefined) throw new Error('DER: truncated length');
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) throw new Error('DER: unsupported length form');
      length = 0;
      for (let i = 0; i < count; i++) {
        const byte = bytes[at++];
        if (byte === undefined) throw new Error('DER: truncated length');
        length = length * 256 + byte;
      }
    }
    const end = at + length;
    if (end > bytes.length) throw new Error('DER: element longer than its container');
    elements.push({ tag, content: bytes.subarray(at, end), encoded: bytes.subarray(start, end) });
    at = end;
  }
  return elements;
}

/** The single element `bytes` holds. */
export function derElement(bytes: Uint8Array): DerElement {
  const [element] = derChildren(bytes);
  if (element === undefined) throw new Error('DER: empty');
  return element;
}

/** An OBJECT IDENTIFIER's content as dotted decimal. */
export function derOid(content: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}
