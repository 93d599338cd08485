import type { ServingHost } from '../connection/serving-host';
import type { EnsembleView } from '../ensemble/ensemble-view';
import { conf } from './configuration';
import { cons, crst } from './connections';
import { dirs } from './directories';
import { dump } from './dump';
import { envi } from './environment';
import { mntr } from './monitor';
import { srvr, stat } from './server-summary';
import { wchc, wchp, wchs } from './watches';

/** ZooKeeper's answer (ZK_NOT_SERVING) to most words while it is not serving. */
export const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests\n';

/** The words ZooKeeper 3.8 answers with NOT_SERVING while not serving (checked in its command classes). */
const NEED_A_SERVING_SERVER = new Set([
  'srvr',
  'stat',
  'mntr',
  'conf',
  'cons',
  'crst',
  'srst',
  'wchs',
  'wchc',
  'wchp',
  'dump',
  'dirs',
  'hash',
]);

/**
 * Once the txn log has failed, every write and new session is refused: the server is not
 * serving, and health checks must see it. ZooKeeper exits on a log failure, so `ruok` gets no
 * answer (as from a dead server), the others ZooKeeper's not-serving answers. The /metrics
 * endpoint keeps reporting (zk_unrecoverable_error_count says why).
 */
function notServingAnswer(word: string): string | undefined {
  if (word === 'ruok') return '';
  if (word === 'isro') return 'null';
  return NEED_A_SERVING_SERVER.has(word) ? NOT_SERVING : undefined;
}

/**
 * The answer to a four-letter word (already checked against the whitelist); `argument` = the
 * bytes after it; `ensemble`: how this member describes itself (undefined when standalone).
 */
export function runFourLetterWord(
  server: ServingHost,
  word: string,
  argument?: Buffer,
  ensemble?: EnsembleView,
): string {
  if (server.writesRefused()) {
    const answer = notServingAnswer(word);
    if (answer !== undefined) return answer;
  }
  switch (word) {
    case 'ruok':
      return 'imok';
    case 'srvr':
      return srvr(server, ensemble);
    case 'stat':
      return stat(server, ensemble);
    case 'mntr':
      return mntr(server, ensemble);
    case 'conf':
      return conf(server.config, server.boundPort, ensemble, server.boundSecurePort);
    case 'cons':
      return cons(server);
    case 'crst':
      return crst(server);
    case 'srst':
      server.stats.reset();
      return 'Server stats reset.\n';
    case 'envi':
      return envi();
    case 'wchs':
      return wchs(server);
    case 'wchc':
      return wchc(server);
    case 'wchp':
      return wchp(server);
    case 'dump':
      return dump(server);
    case 'dirs':
      return dirs(server.config);
    case 'isro':
      return 'rw';
    case 'gtmk':
      return String(server.traceMask);
    case 'stmk': {
      // the new mask follows the word as an 8-byte long; without it the real server answers nothing
      if (argument === undefined || argument.length < 8) return '';
      server.traceMask = Number(argument.readBigInt64BE(0));
      return String(server.traceMask);
    }
    case 'hash':
      // the real 3.8 server answers nothing here (no digest history kept)
      return '';
    default:
      return '';
  }
}
