import { OpCode } from '@zkts/core';
import { UnimplementedError } from './errors/error-classes';

/**
 * A server that has TTL nodes switched off answers a createTTL with a bare UNIMPLEMENTED, which
 * reads as if the client or the protocol were at fault. Say which server setting it takes.
 */
export function explainTtlDisabled(error: unknown, requestType: number): unknown {
  if (requestType !== OpCode.createTTL || !UnimplementedError.isInstance(error)) return error;
  return new UnimplementedError(
    `UNIMPLEMENTED at ${error.path ?? '?'}: the server does not accept TTL nodes; enable them with zookeeper.extendedTypesEnabled=true (Apache ZooKeeper) or extendedTypesEnabled (zkts)`,
    { path: error.path, cause: error },
  );
}
