import { readdirSync } from 'node:fs';
import { describe, it } from 'vitest';
import { checkTraceFile } from '../../../test/support/trace-file';
import { parseZxid, TraceEnsemble } from './trace-host';

/**
 * Data-driven protocol traces in ../testdata/*.txt, in the format of the session package's
 * scenarios: a command line, `----`, the lines it must print, a blank line; `#` lines are
 * comments. REWRITE=1 regenerates the expected lines from current behaviour (review the diff!).
 *
 * Commands:
 *   ensemble voters=1,2,3 [observers=4] [window=500] [autopersist=1] [counterLimit=N] [early=1]
 *                                     (early=1: zkts's faster election, as peers run by default:
 *                                      no finalize wait once every reachable voter agrees, and a
 *                                      beaten vote answered at once; off, ZooKeeper's rules)
 *   start <id> at=<t> [accepted=E] [current=E] [log=1.1,1.2,…] [snap=<zxid>]   (re)start a member
 *   tick <id>|all at=<t>              time passes for members
 *   deliver [from=X] [to=Y] [type=T] [count=N|all]   deliver the oldest matching messages
 *   settle                            deliver everything until the network is empty
 *   drop [from=X] [to=Y] [type=T]     lose matching messages in flight
 *   disconnect <a> <b>                the link between a and b breaks (both are told, if started)
 *   persist <id>                      the member's disk fsyncs what it appended
 *   crash <id>                        unsynced appends are lost
 *   propose <id> [count=N]            the leader proposes N txns
 *   forward <id> session=S cxid=C     a client write handed to the leader (REQUEST)
 *   touch <id> session=S timeout=T    a session heard on a learner (goes with the next PING)
 *   revalidate <id> session=S         a reconnecting session asks the leader (host says valid)
 *   sync <id> token=N                 a client's sync through a learner (answered as host synced N)
 *   status                            every member: role, epochs, log, applied
 * Zxids print as <epoch hex>.<counter hex>; `apply (z)` marks a replay not known committed.
 */
const testdata = new URL('../testdata/', import.meta.url);
const rewrite = process.env.REWRITE === '1';

class Interpreter {
  #ensemble: TraceEnsemble | undefined;

  run(command: string): string[] {
    const [verb = '', ...words] = command.trim().split(/\s+/);
    const named = new Map(words.filter((w) => w.includes('=')).map((w) => w.split('=') as [string, string]));
    const positional = words.filter((w) => !w.includes('='));
    const num = (key: string, fallback?: number): number => {
      const value = named.get(key);
      if (value === undefined) {
        if (fallback === undefined) throw new Error(`${verb}: missing ${key}=`);
        return fallback;
      }
      return Number(value);
    };
    const ids = (key: string) => (named.get(key) ?? '').split(',').filter(Boolean).map(Number);
    const out: string[] = [];
    if (verb === 'ensemble') {
      this.#ensemble = new TraceEnsemble(
        ids('voters'),
        ids('observers'),
        num('window', 500),
        named.get('autopersist') === '1',
        named.has('counterLimit') ? num('counterLimit') : undefined,
        named.get('early') === '1',
      );
      return ['ok'];
    }
    const e = this.#ensemble;
    if (!e) throw new Error('start with: ensemble voters=…');
    const id = () => Number(positional[0]);
    const matches = (f: { from: number; to: number; message: { type: string } }) =>
      (!named.has('from') || f.from === num('from')) &&
      (!named.has('to') || f.to === num('to')) &&
      (!named.has('type') || f.message.type === named.get('type'));
    switch (verb) {
      case 'start': {
        const log = (named.get('log') ?? '').split(',').filter(Boolean).map(parseZxid);
        const snap = named.has('snap') ? parseZxid(named.get('snap') ?? '') : 0;
        e.start(id(), num('accepted', 0), num('current', 0), log, snap, num('at'), out);
        break;
      }
      case 'tick': {
        e.now = num('at');
        const targets = positional[0] === 'all' ? [...e.members.keys()] : [id()];
        for (const t of targets) {
          const m = e.member(t);
          if (!m.peer) continue;
          m.peer.tick(e.now);
          e.drain(t, out);
        }
        break;
      }
      case 'deliver': {
        const count = named.get('count') === 'all' ? Number.POSITIVE_INFINITY : num('count', 1);
        for (let n = 0; n < count && e.deliverOne(matches, out); n++);
        break;
      }
      case 'settle': {
        let n = 0;
        while (e.deliverOne(() => true, out)) if (++n > 10_000) throw new Error('settle: no quiescence');
        break;
      }
      case 'drop': {
        for (let i = e.network.length - 1; i >= 0; i--) if (matches(e.network[i]!)) e.network.splice(i, 1);
        out.push(`${e.network.length} in flight`);
        break;
      }
      case 'disconnect': {
        const [a, b] = positional.map(Number) as [number, number];
        for (let i = e.network.length - 1; i >= 0; i--) {
          const f = e.network[i]!;
          if (
            f.message.type !== 'NOTIFICATION' &&
            ((f.from === a && f.to === b) || (f.from === b && f.to === a))
          )
            e.network.splice(i, 1);
        }
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const) {
          const m = e.members.get(x); // a member never started has no link to be told about
          if (!m?.peer) continue;
          m.peer.disconnected(y);
          e.drain(x, out);
        }
        break;
      }
      case 'persist':
        e.persist(id(), out);
        break;
      case 'crash':
        e.crash(id(), out);
        break;
      case 'propose': {
        const m = e.member(id());
        for (let n = 0; n < num('count', 1); n++) {
          const zxid = m.peer?.nextZxid() ?? null;
          if (zxid === null || !m.peer) {
            out.push(`${id()}: cannot propose (${m.peer?.role ?? 'down'})`);
            break;
          }
          const got = m.peer.propose(
            { origin: id(), sessionId: 0n, cxid: n },
            new TextEncoder().encode(String(zxid)),
          );
          if (got === null) out.push(`${id()}: proposal refused`);
        }
        e.drain(id(), out);
        break;
      }
      case 'forward': {
        const peer = e.member(id()).peer;
        const ok = peer?.forward(
          { origin: id(), sessionId: BigInt(num('session')), cxid: num('cxid') },
          new Uint8Array(1),
        );
        if (!ok) out.push(`${id()}: cannot forward`);
        e.drain(id(), out);
        break;
      }
      case 'touch':
        e.member(id()).peer?.touchSession(BigInt(num('session')), num('timeout'));
        break;
      case 'revalidate': {
        const ok = e.member(id()).peer?.revalidate(BigInt(num('session')), num('timeout', 30000));
        if (!ok) out.push(`${id()}: cannot revalidate`);
        e.drain(id(), out);
        break;
      }
      case 'sync': {
        const ok = e.member(id()).peer?.sync(num('token'));
        if (!ok) out.push(`${id()}: cannot sync`);
        e.drain(id(), out);
        break;
      }
      case 'status': {
        for (const [mid, m] of [...e.members].sort((a, b) => a[0] - b[0])) {
          const z = (x: number) => `${Math.floor(x / 2 ** 32).toString(16)}.${(x % 2 ** 32).toString(16)}`;
          const log = [...m.durable.map((x) => z(x.zxid)), ...m.unsynced.map((x) => `${z(x.zxid)}*`)];
          const role = m.peer ? `${m.peer.role}${m.peer.established ? '+' : ''}` : 'DOWN';
          out.push(
            `${mid} ${role} accepted=${m.accepted} current=${m.current}${m.snapshotZxid ? ` snap=${z(m.snapshotZxid)}` : ''} log=[${log.join(' ')}] applied=[${m.applied.map(z).join(' ')}]`,
          );
        }
        break;
      }
      default:
        throw new Error(`unknown command ${verb}`);
    }
    return out.length === 0 ? ['(nothing)'] : out;
  }
}

const files = readdirSync(testdata).filter((f) => f.endsWith('.txt'));

describe('zab traces', () => {
  for (const file of files) {
    it(file, () => {
      const interpreter = new Interpreter();
      checkTraceFile(new URL(file, testdata), (command) => interpreter.run(command), rewrite);
    });
  }
});
