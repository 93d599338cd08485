import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { isErrorCode } from '../errors';
import { fcParams, pathArb } from './test-arbitraries';
import { Harness } from './test-harness';

const opcodes = Object.values(OpCode);
/** Requests with a real opcode and any junk in their fields. */
const junkRequest = fc.record(
  {
    type: fc.constantFrom(...opcodes, 77, -3),
    path: fc.oneof(pathArb, fc.string(), fc.constant(null), fc.integer()),
    data: fc.oneof(fc.uint8Array({ maxLength: 4 }), fc.string(), fc.constant(null)),
    acl: fc.oneof(
      fc.constant([{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]),
      fc.array(fc.record({ perms: fc.anything(), id: fc.constant({ scheme: 'world', id: 'anyone' }) }), {
        maxLength: 2,
      }),
      fc.anything(),
    ),
    flags: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.double(), fc.string()),
    version: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.anything()),
    ttl: fc.oneof(fc.integer({ min: -1, max: 2 ** 41 }), fc.anything()),
    ops: fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()),
    prefixPath: fc.oneof(fc.string(), fc.anything()),
    watch: fc.anything(),
    timeOut: fc.anything(),
  },
  { requiredKeys: ['type'] },
);

describe('bad input never throws from the depths (property)', () => {
  it('prep answers junk with an error code or a txn that applies cleanly; read with an error code or a response', () => {
    fc.assert(
      fc.property(fc.array(junkRequest, { maxLength: 20 }), (requests) => {
        const h = new Harness({ extendedTypesEnabled: true });
        h.ok(h.create('/a', 'x'));
        h.ok(h.create('/e', '', 1));
        for (const request of requests) {
          const prepared = h.prep(request as never);
          if (prepared.ok) {
            const result = h.tree.apply(prepared.txn);
            expect(isErrorCode(result.err)).toBe(true);
          } else {
            expect(isErrorCode(prepared.err)).toBe(true);
          }
          const read = h.read(request as never);
          if (typeof read === 'number') expect(isErrorCode(read)).toBe(true);
          else expect(typeof read.type).toBe('number');
        }
      }),
      fcParams(300),
    );
  });
});
