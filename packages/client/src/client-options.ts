import type { ConnectionOptions } from 'node:tls';
import { DEFAULT_MAX_BUFFER } from '@zkts/core';
import { z } from 'zod';
import type { ClientLogger } from './client-logger';
import type { Environment } from './environment';
import type { SaslOptions } from './sasl-digest-md5';
import type { AnyTransport } from './transport';

export interface RetryPolicy {
  /**
   * How many times an idempotent read (exists, getData, getChildren, getACL, getEphemerals,
   * getAllChildrenNumber, whoAmI, multiRead) is re-sent after a connection loss instead of
   * failing with ConnectionLossError (default 0). Writes are never re-sent: they may have been
   * applied.
   */
  retries: number;
  /**
   * Backoff before retry n (from 0): a random delay in [½, 1] × min(maxDelay, baseDelay × 2ⁿ)
   * ms, as Curator's ExponentialBackoffRetry and kazoo's KazooRetry. Default 0: re-sent on the
   * next connection at once, keeping its place among the reads of the lost connection.
   */
  baseDelay?: number | undefined;
  /** Upper bound of one backoff, ms. Default 10 000. */
  maxDelay?: number | undefined;
}

export interface ClientOptions {
  /** Requested session timeout in ms; the server clamps it to [2, 20] × tickTime. Default 30 000. */
  sessionTimeout?: number;
  /** Deadline to open a connection and finish the handshake with one server. Default sessionTimeout / #servers. */
  connectTimeout?: number;
  /** Credentials sent on every connection, before anything else (e.g. `{ scheme: 'digest', auth: 'user:pw' }`). */
  authInfo?: ReadonlyArray<{ scheme: string; auth: string | Uint8Array }>;
  /** Accept a read-only server (one cut off from its quorum); state is then `connected-read-only`. */
  readOnly?: boolean;
  /** Retry idempotent reads (exists, getData, getChildren, getACL, ...) after a connection loss. */
  retry?: RetryPolicy;
  /** Largest frame accepted from the server (jute.maxbuffer). Default 0xfffff. */
  maxPacketLength?: number;
  /** Upper bound of the random pause after all servers failed once, ms. Default 1000. */
  reconnectDelay?: number;
  /** Re-register watches after a reconnect (setWatches). Default true. */
  autoWatchReset?: boolean;
  /** Resume an existing session (e.g. handed over from another process). */
  session?: { id: bigint; password: Uint8Array };
  /**
   * The network: TCP by default. A `Transport` opens byte streams; a `MessageTransport`
   * (`inProcessTransport(server)` from @zkts/server) passes records as objects, without bytes.
   */
  transport?: AnyTransport;
  /**
   * Connect with TLS (the server's secureClientPort), with these node:tls options: `ca` to
   * trust, `cert` + `key` (or `pfx`) for a client certificate, `servername`, ... Ignored when
   * `transport` is given.
   */
  tls?: ConnectionOptions;
  /** TLS with Node's default options (trusting Node's CAs): the same as `tls: {}`. */
  secure?: boolean;
  /**
   * SASL DIGEST-MD5 on every connection, before any other request: the session then holds
   * `sasl:<username>` (a user of the server's JAAS `Server` section). Wrong credentials end
   * the session in `auth-failed`.
   */
  sasl?: SaslOptions;
  /** Clock, timers and randomness: the system's by default. */
  environment?: Partial<Environment>;
  /**
   * Let the process exit while the client is open (like `socket.unref()`). By default an open
   * client keeps Node.js running until `close()` or a terminal state, as a socket does.
   */
  unref?: boolean;
  /**
   * Connection and session traces (attempts, handshakes, state changes), one line each. Default:
   * nothing, unless NODE_DEBUG=zkts is set (then on stderr).
   */
  logger?: ClientLogger;
}

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array');

export const clientOptionsSchema = z
  .object({
    sessionTimeout: z.number().int().positive().default(30_000),
    connectTimeout: z.number().int().positive().optional(),
    authInfo: z
      .array(z.object({ scheme: z.string().min(1), auth: z.union([z.string(), bytes]) }))
      .default([]),
    readOnly: z.boolean().default(false),
    retry: z
      .object({
        retries: z.number().int().nonnegative(),
        baseDelay: z.number().nonnegative().optional(),
        maxDelay: z.number().nonnegative().optional(),
      })
      .default({ retries: 0 }),
    maxPacketLength: z.number().int().positive().default(DEFAULT_MAX_BUFFER),
    reconnectDelay: z.number().nonnegative().default(1000),
    autoWatchReset: z.boolean().default(true),
    session: z.object({ id: z.bigint(), password: bytes }).optional(),
    transport: z
      .custom<AnyTransport>(
        (value) =>
          typeof (value as { connect?: unknown } | undefined)?.connect === 'function' ||
          typeof (value as { connectMessages?: unknown } | undefined)?.connectMessages === 'function',
        {
          message:
            'expected a Transport (an object with connect(host, port)) or a MessageTransport (connectMessages(host, port))',
        },
      )
      .optional(),
    tls: z
      .custom<ConnectionOptions>((value) => typeof value === 'object' && value !== null, {
        message: 'expected node:tls connection options (ca, cert, key, servername, ...)',
      })
      .optional(),
    secure: z.boolean().default(false),
    sasl: z
      .object({ mechanism: z.literal('DIGEST-MD5'), username: z.string(), password: z.string() })
      .strict()
      .optional(),
    environment: z
      .custom<Partial<Environment>>((value) => typeof value === 'object' && value !== null, {
        message: 'expected an object with some of now / setTimeout / clearTimeout / random',
      })
      .optional(),
    unref: z.boolean().default(false),
    logger: z
      .custom<ClientLogger>(
        (value) => typeof (value as { debug?: unknown } | undefined)?.debug === 'function',
        {
          message: 'expected an object with a debug(message) method',
        },
      )
      .optional(),
  })
  .strict();

export type ParsedClientOptions = z.output<typeof clientOptionsSchema>;

export function parseClientOptions(options: ClientOptions): ParsedClientOptions {
  const result = clientOptionsSchema.safeParse(options);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
    throw new TypeError(`invalid ZooKeeper client options: ${issues.join('; ')}`);
  }
  return result.data;
}
