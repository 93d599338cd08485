/** `0x…` as ZooKeeper prints session ids and zxids (Long.toHexString: unsigned, lower case). */
export function hexId(value: bigint | number): string {
  const unsigned = typeof value === 'bigint' ? BigInt.asUintN(64, value) : value;
  return `0x${unsigned.toString(16)}`;
}
