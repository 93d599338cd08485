const BRAND = Symbol.for('zkts.client.ClientClosedError');

/**
 * The application closed the client: calls made or pending after `close()` fail with this. It
 * is not a ZooKeeper error code (the session did not expire, the caller ended it), so it is not
 * a ZooKeeperError. Match it with `ClientClosedError.isInstance(e)` (safe across package copies).
 */
export class ClientClosedError extends Error {
  readonly [BRAND] = true;

  constructor(message = 'the client is closed', options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  override get name(): string {
    return 'ClientClosedError';
  }

  static isInstance(value: unknown): value is ClientClosedError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
