import { readdirSync } from 'node:fs';
import { describe, it } from 'vitest';
import { checkTraceFile } from '../../../test/support/trace-file';
import { SessionTracker } from '../src/index';

/**
 * Data-driven traces in ../testdata/*.txt. Each case is a command line, `----`, and the output
 * lines the command must produce, then a blank line; `#` lines are comments. Sessions created in
 * a file are named s1, s2, … in creation order. Run with REWRITE=1 to regenerate the expected
 * outputs from the current behaviour (then review the diff).
 *
 * Commands:
 *   tracker tickTime=T [min=M] [max=X] [serverId=N]   start a fresh tracker
 *   negotiate <requested>                             the timeout a client would get
 *   create timeout=<requested> at=<t>                 new session (prints name, timeout, expiry)
 *   add <name> timeout=<ms> at=<t>                    track a restored session (id 1000+N for sN)
 *   touch <name> at=<t>                               a packet from the session
 *   expire at=<t>                                     the expiry tick
 *   next-expiry                                       when the host's single timer should fire
 *   set-closing <name> | close <name>                 closeSession requested / its txn applied
 *   revalidate <name> [password=wrong] at=<t>         a reconnect
 *   attach <name> owner=<o> | detach <name> owner=<o> | owner <name>
 *   dump                                              expiry buckets and every session
 */
const testdata = new URL('../testdata/', import.meta.url);
const rewrite = process.env.REWRITE === '1';

class Interpreter {
  #tracker: SessionTracker | undefined;
  readonly #ids = new Map<string, bigint>();
  readonly #names = new Map<bigint, string>();

  run(command: string): string[] {
    const [verb = '', ...words] = command.trim().split(/\s+/);
    const named = Object.fromEntries(
      words.filter((w) => w.includes('=')).map((w) => w.split('=') as [string, string]),
    );
    const positional = words.filter((w) => !w.includes('='));
    const num = (key: string) => {
      const value = named[key];
      if (value === undefined) throw new Error(`${verb}: missing ${key}=`);
      return Number(value);
    };
    const id = () => {
      const found = this.#ids.get(positional[0] ?? '');
      if (found === undefined) throw new Error(`${verb}: unknown session ${positional[0]}`);
      return found;
    };
    if (verb === 'tracker') {
      this.#tracker = new SessionTracker({
        serverId: named.serverId === undefined ? 1 : num('serverId'),
        tickTime: num('tickTime'),
        now: 1_700_000_000_000,
        ...(named.min === undefined ? {} : { minSessionTimeout: num('min') }),
        ...(named.max === undefined ? {} : { maxSessionTimeout: num('max') }),
      });
      return [`min=${this.#tracker.minSessionTimeout} max=${this.#tracker.maxSessionTimeout}`];
    }
    const tracker = this.#tracker;
    if (!tracker) throw new Error('start with: tracker tickTime=…');
    const name = (sessionId: bigint) => this.#names.get(sessionId) ?? String(sessionId);
    const expiresAt = (sessionId: bigint) => tracker.get(sessionId)?.expiresAt;
    switch (verb) {
      case 'negotiate':
        return [String(tracker.negotiateTimeout(Number(positional[0])))];
      case 'create': {
        const created = tracker.createSession(num('timeout'), num('at'));
        const label = `s${this.#ids.size + 1}`;
        this.#ids.set(label, created.sessionId);
        this.#names.set(created.sessionId, label);
        return [`${label} timeout=${created.timeout} expires=${expiresAt(created.sessionId)}`];
      }
      case 'add': {
        const label = positional[0] ?? '';
        const sessionId = BigInt(1000 + Number(label.slice(1)));
        this.#ids.set(label, sessionId);
        this.#names.set(sessionId, label);
        const added = tracker.addSession(sessionId, num('timeout'), num('at'));
        return [`${added ? 'added' : 'known'} expires=${expiresAt(sessionId)}`];
      }
      case 'touch': {
        const touched = tracker.touch(id(), num('at'));
        return [touched ? `true expires=${expiresAt(id())}` : 'false'];
      }
      case 'expire': {
        const expired = tracker.expire(num('at'));
        return [`expired ${expired.length === 0 ? 'none' : expired.map(name).join(' ')}`];
      }
      case 'next-expiry':
        return [String(tracker.nextExpiryTime() ?? 'none')];
      case 'set-closing':
        return [String(tracker.setClosing(id()))];
      case 'close':
        return [String(tracker.closeSession(id()))];
      case 'revalidate': {
        const password =
          named.password === 'wrong'
            ? new Uint8Array(16)
            : tracker.passwordOf(this.#ids.get(positional[0]!) ?? 0n);
        const result = tracker.revalidate(id(), password, num('at'));
        return [result.outcome === 'ok' ? `ok timeout=${result.timeout}` : result.outcome];
      }
      case 'attach':
        return [`previous=${String(tracker.attach(id(), named.owner) ?? 'none')}`];
      case 'detach':
        return [String(tracker.detach(id(), named.owner))];
      case 'owner':
        return [String(tracker.ownerOf(id()) ?? 'none')];
      case 'dump':
        return [
          ...tracker.expiryBuckets().map((b) => `bucket ${b.expiresAt}: ${b.sessionIds.map(name).join(' ')}`),
          ...[...tracker].map(
            (s) =>
              `${name(s.sessionId)} timeout=${s.timeout} expires=${s.expiresAt}${s.closing ? ' closing' : ''}` +
              (s.owner === undefined ? '' : ` owner=${String(s.owner)}`),
          ),
        ];
      default:
        throw new Error(`unknown command ${JSON.stringify(verb)}`);
    }
  }
}

describe('session scenarios (testdata/*.txt)', () => {
  for (const file of readdirSync(testdata).filter((f) => f.endsWith('.txt'))) {
    it(file, () => {
      const interpreter = new Interpreter();
      checkTraceFile(new URL(file, testdata), (command) => interpreter.run(command), rewrite);
    });
  }
});
