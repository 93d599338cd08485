/**
 * Write load from one session: `inFlight` lanes, each issuing a sequential create or a setData
 * with a unique value and awaiting it, recording every write in the ledger before it is handed
 * to the client and as acknowledged once its promise resolves. A lane stops at its first error
 * (the connection died with the server) or when `stopped()` says so.
 */
import {
  ClientClosedError,
  ConnectionLossError,
  SessionExpiredError,
  type ZooKeeperClient,
} from '@zkts/client';
import type { WriteLedger } from './write-ledger';

export interface WriteLoadOptions {
  client: ZooKeeperClient;
  /** Names the session in the ledger and in every value it writes. */
  session: string;
  ledger: WriteLedger;
  /** Parent of the sequential nodes; it must exist. */
  parent: string;
  /** Keys this session owns (already created and recorded with `ledger.addKey`). */
  keys: readonly string[];
  inFlight: number;
  random: () => number;
  stopped: () => boolean;
  /** Pad every value with dots to this many bytes (default: no padding). */
  valueBytes?: number;
}

export interface WriteLoadResult {
  /** Writes that failed (in flight when the server died, or never sent). */
  failed: number;
  /** The first error that was not a connection loss or a closed session, if any. */
  unexpected: unknown;
}

export async function runWriteLoad(options: WriteLoadOptions): Promise<WriteLoadResult> {
  const { client, session, ledger, parent, keys, random, stopped } = options;
  let counter = 0;
  let failed = 0;
  let unexpected: unknown;
  const prefix = `${parent}/${session}-`;
  async function lane(): Promise<void> {
    while (!stopped()) {
      const value = `${session}:${counter++}`.padEnd(options.valueBytes ?? 0, '.');
      const useSet = keys.length > 0 && random() < 0.5;
      const target = useSet ? keys[Math.floor(random() * keys.length)]! : prefix;
      const write = ledger.sent(session, useSet ? 'set' : 'create', target, value);
      try {
        if (useSet) {
          const stat = await client.setData(target, value);
          ledger.acknowledged(write, { zxid: stat.mzxid });
        } else {
          const path = await client.create(target, value, { mode: 'persistent-sequential' });
          ledger.acknowledged(write, { path });
        }
      } catch (error) {
        failed++;
        const expected =
          ConnectionLossError.isInstance(error) ||
          SessionExpiredError.isInstance(error) ||
          ClientClosedError.isInstance(error);
        if (!expected) unexpected ??= error;
        return;
      }
    }
  }
  await Promise.all(Array.from({ length: options.inFlight }, lane));
  return { failed, unexpected };
}
