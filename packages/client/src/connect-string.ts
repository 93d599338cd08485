import { z } from 'zod';

export interface ServerAddress {
  host: string;
  port: number;
}

export interface ConnectString {
  servers: ServerAddress[];
  /** The chroot suffix without a trailing slash (`/app`), or '' for none. */
  chroot: string;
}

const DEFAULT_PORT = 2181;

const serverSchema = z
  .string()
  .trim()
  .min(1, 'empty server address')
  .transform((text, ctx): ServerAddress => {
    // `[::1]:2181`, `::1` (no port), `host:2181`, `host`
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    let host: string;
    let portText: string | undefined;
    if (bracketed) {
      host = bracketed[1]!;
      portText = bracketed[2];
    } else if ((text.match(/:/g) ?? []).length > 1) {
      host = text;
    } else {
      const [h, p] = text.split(':');
      host = h!;
      portText = p;
    }
    const port = portText === undefined ? DEFAULT_PORT : Number(portText);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `invalid server address "${text}" (expected host:port)` });
      return z.NEVER;
    }
    return { host, port };
  });

const chrootSchema = z
  .string()
  .refine((p) => p === '' || (p.startsWith('/') && !p.includes('//') && !/\/\.\.?(\/|$)/.test(p)), {
    message: 'chroot must be an absolute path without empty, "." or ".." segments',
  })
  .transform((p) => (p === '/' ? '' : p.replace(/\/$/, '')));

/**
 * Parses `host1:2181,host2:2181/app/chroot` as the Java client does: a comma-separated server
 * list, then an optional chroot path starting at the first `/`.
 */
export const connectStringSchema = z.string().transform((text, ctx): ConnectString => {
  const slash = text.indexOf('/');
  const hostsPart = slash === -1 ? text : text.slice(0, slash);
  const chrootPart = slash === -1 ? '' : text.slice(slash);
  const servers = z
    .array(serverSchema)
    .min(1, 'no servers in the connect string')
    .safeParse(hostsPart.split(','));
  const chroot = chrootSchema.safeParse(chrootPart);
  if (!servers.success || !chroot.success) {
    for (const issue of [...(servers.error?.issues ?? []), ...(chroot.error?.issues ?? [])]) {
      ctx.addIssue({ code: 'custom', message: issue.message });
    }
    return z.NEVER;
  }
  return { servers: servers.data, chroot: chroot.data };
});

export function parseConnectString(text: string): ConnectString {
  const result = connectStringSchema.safeParse(text);
  if (!result.success) {
    throw new TypeError(
      `invalid ZooKeeper connect string "${text}": ${result.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return result.data;
}
