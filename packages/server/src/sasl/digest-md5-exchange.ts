import {
  digestMd5Response,
  formatDirectives,
  parseDirectives,
  ZOOKEEPER_SASL_DIGEST_URI,
  ZOOKEEPER_SASL_REALM,
} from '@zkts/core';

/** What one client token leads to: the server's token, and the user once authenticated. */
export type SaslStep = { token: Uint8Array; user?: string } | { error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The server side of one connection's DIGEST-MD5 exchange (ZooKeeperSaslServer with the
 * DIGEST-MD5 mechanism): the client's first token (empty, from the Java client) gets the
 * challenge; its digest-response is checked against the user's password and answered with
 * rspauth, after which the connection holds `sasl:<user>`. Any failure ends the exchange.
 */
export class DigestMd5Exchange {
  private state: 'start' | 'challenged' | 'done' | 'failed' = 'start';

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    /** A fresh unguessable value (base64 of random bytes) for this exchange. */
    private readonly nonce: string,
  ) {}

  evaluate(token: Uint8Array): SaslStep {
    switch (this.state) {
      case 'start':
        this.state = 'challenged';
        return { token: this.challenge() };
      case 'challenged': {
        const outcome = this.verify(token);
        this.state = 'error' in outcome ? 'failed' : 'done';
        return outcome;
      }
      default:
        this.state = 'failed';
        return { error: 'DIGEST-MD5 exchange already over' };
    }
  }

  private challenge(): Uint8Array {
    return Buffer.from(
      formatDirectives(
        [
          ['realm', ZOOKEEPER_SASL_REALM],
          ['nonce', this.nonce],
          ['qop', 'auth'],
          ['charset', 'utf-8'],
          ['algorithm', 'md5-sess'],
        ],
        new Set(['charset', 'algorithm']),
      ),
    );
  }

  private verify(token: Uint8Array): SaslStep {
    let text: string;
    try {
      text = utf8.decode(token);
    } catch {
      return { error: 'digest-response is not UTF-8' };
    }
    const directives = parseDirectives(text);
    if (directives === undefined) return { error: 'malformed digest-response' };
    const get = (name: string) => directives.get(name);
    const username = get('username');
    const response = get('response');
    const cnonce = get('cnonce');
    const nc = get('nc');
    const digestUri = get('digest-uri');
    const qop = get('qop') ?? 'auth';
    if (username === undefined || response === undefined || cnonce === undefined || nc === undefined)
      return { error: 'digest-response lacks username, response, cnonce or nc' };
    if (get('nonce') !== this.nonce) return { error: 'digest-response for another nonce' };
    if (nc !== '00000001') return { error: `unexpected nonce count ${nc}` };
    if (qop !== 'auth') return { error: `quality of protection ${qop} is not offered` };
    if (digestUri !== ZOOKEEPER_SASL_DIGEST_URI)
      return { error: `digest-uri ${digestUri} is not ${ZOOKEEPER_SASL_DIGEST_URI}` };
    const password = this.users.get(username);
    if (password === undefined) return { error: `unknown user ${JSON.stringify(username)}` };
    const credentials = {
      username,
      realm: get('realm') ?? '',
      password,
      nonce: this.nonce,
      cnonce,
      nc,
      qop,
      digestUri,
      authzid: get('authzid'),
    };
    if (digestMd5Response(credentials, false) !== response.toLowerCase())
      return { error: `wrong password for ${JSON.stringify(username)}` };
    return { token: Buffer.from(`rspauth=${digestMd5Response(credentials, true)}`), user: username };
  }
}
