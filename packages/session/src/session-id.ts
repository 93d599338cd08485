import type { SessionId } from '@zkts/core';

/**
 * Session ids are signed 64-bit values, exactly as a Java `long` (and as the wire carries them,
 * `DataView.getBigInt64`): the server id in the top byte, 40 bits of wall-clock milliseconds
 * below it and a 16-bit counter at the bottom. That layout makes ids unique across servers
 * (the top byte) and across restarts of one server (the clock), without coordination.
 */

/**
 * The `ephemeralOwner` that marks a container znode (Java `Long.MIN_VALUE`). A real session may
 * never get this id, or its ephemerals would look like containers.
 */
export const CONTAINER_EPHEMERAL_OWNER: SessionId = -(1n << 63n);

/** Server ids that fit the id's top byte; 255 is left out because TTL owners use that byte. */
export const MAX_SERVER_ID = 254;

const TIME_BITS_MASK = (1n << 40n) - 1n;

/**
 * The first session id a server hands out: `((now << 24) >>> 8) | (serverId << 56)` computed on
 * 64 bits, i.e. the low 40 bits of `nowMs` shifted to bits 16..55 and the server id on top.
 */
export function initialSessionId(serverId: number, nowMs: number): SessionId {
  assertServerId(serverId);
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) {
    throw new RangeError(`now: expected a non-negative integer of milliseconds, got ${nowMs}`);
  }
  const timeBits = (BigInt(nowMs) & TIME_BITS_MASK) << 16n;
  return skipContainerMarker(BigInt.asIntN(64, timeBits | (BigInt(serverId) << 56n)));
}

/** The id after `id`, wrapping like a Java long and never landing on the container marker. */
export function nextSessionId(id: SessionId): SessionId {
  return skipContainerMarker(BigInt.asIntN(64, id + 1n));
}

/** The server id stored in a session id's top byte. */
export function serverIdOf(id: SessionId): number {
  return Number(BigInt.asUintN(64, id) >> 56n);
}

/** `0x…` lowercase unsigned hex, as ZooKeeper prints session ids in logs and 4lw output. */
export function formatSessionId(id: SessionId): string {
  return `0x${BigInt.asUintN(64, id).toString(16)}`;
}

export function assertServerId(serverId: number): void {
  if (!Number.isInteger(serverId) || serverId < 0 || serverId > MAX_SERVER_ID) {
    throw new RangeError(`serverId: expected an integer in 0..${MAX_SERVER_ID}, got ${serverId}`);
  }
}

function skipContainerMarker(id: SessionId): SessionId {
  return id === CONTAINER_EPHEMERAL_OWNER ? id + 1n : id;
}
