import { type ClientRequest, OpCode } from '@zkts/core';

const utf8 = new TextEncoder();

/**
 * An upper bound of a request's jute size (RequestHeader included), computed from the record
 * object without encoding it, for links that carry no bytes: strings count 4 + their UTF-8
 * length, buffers 4 + their length, vectors 4 + their elements, booleans 1, and every number 8
 * (jute ints are 4, so the bound is over by 4 per int field: a few dozen bytes at most).
 */
export function requestSizeBound(request: ClientRequest): number {
  const size = 8 + sizeOf(request, true);
  if (request.type !== OpCode.multi && request.type !== OpCode.multiRead) return size;
  // each op has a MultiHeader (type int, done bool, err int: 1 byte more than its `type`
  // counts here) and the list ends with one more header, with no vector length
  return size + request.ops.length + 9;
}

function sizeOf(value: unknown, topLevel = false): number {
  switch (typeof value) {
    case 'string':
      return 4 + utf8ByteLength(value);
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'object': {
      if (value === null) return 4;
      if (value instanceof Uint8Array) return 4 + value.byteLength;
      if (Array.isArray(value)) {
        let total = 4;
        for (const item of value) total += sizeOf(item);
        return total;
      }
      let total = 0;
      for (const key in value) {
        // the opcode travels in the header, already counted
        if (topLevel && key === 'type') continue;
        total += sizeOf((value as Record<string, unknown>)[key]);
      }
      return total;
    }
    default:
      return 0;
  }
}

function utf8ByteLength(text: string): number {
  // ASCII (paths, almost always) is one byte per char; only other text needs the real count
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return utf8.encode(text).byteLength;
  }
  return text.length;
}
