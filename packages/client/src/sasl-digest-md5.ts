import { randomBytes } from 'node:crypto';
import { digestMd5Response, formatDirectives, parseDirectives, ZOOKEEPER_SASL_DIGEST_URI } from '@zkts/core';

/** SASL credentials for the server's JAAS `Server` section (DigestLoginModule users). */
export interface SaslOptions {
  mechanism: 'DIGEST-MD5';
  username: string;
  password: string;
}

/**
 * The client side of a DIGEST-MD5 exchange (RFC 2831), as ZooKeeperSaslClient runs it: an empty
 * first token, the digest-response to the server's challenge (digest-uri
 * `zookeeper/zk-sasl-md5`), then the server's rspauth checked, so a server that does not know
 * the password cannot pass for one that does. Each step returns the next token or an error.
 */
export class DigestMd5Client {
  private state: 'start' | 'responded' | 'done' = 'start';
  private expectedRspauth = '';

  constructor(
    private readonly options: SaslOptions,
    private readonly cnonce: string = randomBytes(24).toString('base64'),
  ) {}

  get complete(): boolean {
    return this.state === 'done';
  }

  /** The next token to send; `undefined` once the exchange is complete. */
  evaluate(serverToken: Uint8Array | undefined): Uint8Array | undefined | Error {
    switch (this.state) {
      case 'start':
        this.state = 'responded';
        return new Uint8Array(0);
      case 'responded':
        return this.expectedRspauth === '' ? this.respond(serverToken) : this.checkRspauth(serverToken);
      default:
        return new Error('the SASL exchange is already complete');
    }
  }

  private respond(challengeToken: Uint8Array | undefined): Uint8Array | Error {
    const challenge = parseDirectives(Buffer.from(challengeToken ?? []).toString('utf8'));
    const nonce = challenge?.get('nonce');
    if (challenge === undefined || nonce === undefined) return new Error('malformed DIGEST-MD5 challenge');
    const qops = (challenge.get('qop') ?? 'auth').split(',').map((qop) => qop.trim());
    if (!qops.includes('auth')) return new Error(`the server offers no qop auth (${qops.join(', ')})`);
    const realm = challenge.get('realm') ?? '';
    const credentials = {
      username: this.options.username,
      realm,
      password: this.options.password,
      nonce,
      cnonce: this.cnonce,
      nc: '00000001',
      qop: 'auth',
      digestUri: ZOOKEEPER_SASL_DIGEST_URI,
    };
    this.expectedRspauth = digestMd5Response(credentials, true);
    return Buffer.from(
      formatDirectives(
        [
          ['charset', 'utf-8'],
          ['username', credentials.username],
          ['realm', realm],
          ['nonce', nonce],
          ['nc', credentials.nc],
          ['cnonce', credentials.cnonce],
          ['digest-uri', credentials.digestUri],
          ['maxbuf', '65536'],
          ['response', digestMd5Response(credentials, false)],
          ['qop', 'auth'],
        ],
        new Set(['charset', 'nc', 'maxbuf', 'response', 'qop']),
      ),
    );
  }

  private checkRspauth(token: Uint8Array | undefined): undefined | Error {
    const rspauth = parseDirectives(Buffer.from(token ?? []).toString('utf8'))?.get('rspauth');
    if (rspauth !== this.expectedRspauth)
      return new Error('the server did not prove it knows the password (rspauth)');
    this.state = 'done';
    return undefined;
  }
}
