import type { ServerAddress } from './connect-string';
import type { Environment } from './environment';
import { type AnyTransport, isMessageTransport, type Transport } from './transport';

const ISRO = new TextEncoder().encode('isro');

/**
 * Asks a server whether it serves writes, with the `isro` four-letter word: a server in
 * read-only mode answers "ro", a normal one "rw". Anything else (no answer in time, refused,
 * 4lw disabled) counts as "no".
 */
export async function isReadWriteServer(
  transport: AnyTransport,
  server: ServerAddress,
  env: Environment,
  timeoutMs: number,
): Promise<boolean> {
  // a message link has no four-letter words; the in-process server is never read-only
  if (isMessageTransport(transport)) return false;
  let stream: Awaited<ReturnType<Transport['connect']>>;
  try {
    stream = await transport.connect(server.host, server.port);
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    const timer = env.setTimeout(() => stream.close(), timeoutMs);
    stream.listen({
      data: (chunk) => chunks.push(chunk),
      closed: () => {
        env.clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('latin1').trim() === 'rw');
      },
    });
    stream.write([ISRO]);
  });
}
