import { z } from 'zod';

/**
 * zod schemas for one setting each. They take what a zoo.cfg line or a command-line flag gives
 * (a string) as well as an already typed value (a programmatic caller), and fail with
 * "expected …, got …" so the caller can prefix the key.
 */

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function fail(ctx: z.RefinementCtx, expected: string, value: unknown): never {
  ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${describe(value)}` });
  return z.NEVER;
}

/**
 * An integer in [min, max]. Strings are read as Java's Integer.parseInt does (optional sign,
 * decimal digits); with `hex`, also `0x…` as Integer.decode (jute.maxbuffer is read that way).
 */
export function integer(min: number, max: number, expected: string, options: { hex?: boolean } = {}) {
  return z.unknown().transform((value, ctx): number => {
    let parsed = Number.NaN;
    if (typeof value === 'number') parsed = value;
    else if (typeof value === 'string') {
      const text = value.trim();
      if (/^[+-]?\d+$/.test(text)) parsed = Number(text);
      else if (options.hex && /^0[xX][0-9a-fA-F]+$/.test(text)) parsed = Number.parseInt(text.slice(2), 16);
    }
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) return fail(ctx, expected, value);
    return parsed;
  });
}

/** A finite decimal number (zoo.cfg text or a number). */
export const finiteNumber = z.unknown().transform((value, ctx): number => {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(parsed)) return fail(ctx, 'a number', value);
  return parsed;
});

export const positiveInteger = integer(1, 2 ** 31 - 1, 'a positive integer');
export const nonNegativeInteger = integer(0, 2 ** 31 - 1, 'a non-negative integer');
export const port = integer(0, 65535, 'a port number in 0..65535');

/** true/false or yes/no, any case (ZooKeeper writes forceSync as yes/no, the rest as true/false). */
export const boolean = z.unknown().transform((value, ctx): boolean => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === 'yes') return true;
    if (text === 'false' || text === 'no') return false;
  }
  return fail(ctx, 'true, false, yes or no', value);
});

export function nonEmptyString(expected: string) {
  return z.unknown().transform((value, ctx): string => {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    return fail(ctx, expected, value);
  });
}

export const hostAddress = z.unknown().transform((value, ctx): string => {
  if (typeof value === 'string' && /^\S+$/.test(value.trim())) return value.trim();
  return fail(ctx, 'a host name or IP address', value);
});

/** `user:base64(SHA1(user:password))`, as `DigestAuthenticationProvider.generateDigest` prints it. */
export const superDigest = z.unknown().transform((value, ctx): string => {
  if (typeof value === 'string' && /^[^:\s]+:[A-Za-z0-9+/]+=*$/.test(value.trim())) return value.trim();
  return fail(ctx, 'user:base64-digest (as DigestAuthenticationProvider generates)', value);
});

/** One of `choices`, compared without case (ZooKeeper reads ssl.clientAuth and store types so). */
export function oneOf<const T extends string>(choices: readonly T[], canonical: (value: string) => string) {
  return z.unknown().transform((value, ctx): T => {
    if (typeof value === 'string') {
      const text = canonical(value.trim());
      const found = choices.find((choice) => choice === text);
      if (found !== undefined) return found;
    }
    return fail(ctx, choices.join(', ').replace(/, ([^,]*)$/, ' or $1'), value);
  });
}

/** `TLSv1.2,TLSv1.3` (ZooKeeper's ssl.enabledProtocols) as a list of the versions zkts offers. */
export const tlsProtocols = z.unknown().transform((value, ctx): Array<'TLSv1.2' | 'TLSv1.3'> => {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const protocols: Array<'TLSv1.2' | 'TLSv1.3'> = [];
  for (const item of items) {
    const text = typeof item === 'string' ? item.trim() : '';
    if (text !== 'TLSv1.2' && text !== 'TLSv1.3')
      return fail(ctx, 'TLSv1.2 and/or TLSv1.3, comma-separated', value);
    protocols.push(text);
  }
  if (protocols.length === 0) return fail(ctx, 'TLSv1.2 and/or TLSv1.3, comma-separated', value);
  return protocols;
});
