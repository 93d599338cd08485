/**
 * Data-driven traces of the tree (testdata/tree/*.txt). Each `> command` line is followed by the
 * output it must produce; `UPDATE_TESTDATA=1 npx vitest run --project core scenarios` rewrites
 * the files with the actual output (review the diff!). Commands:
 *   create PATH [DATA] [mode=N] [session=N] [ttl=N] [op=create|create2|container|ttl]
 *   set PATH DATA [version=N]      delete PATH [version=N]      setacl PATH PERMS [version=N]
 *   stat PATH    get PATH    ls PATH    ephemerals SESSION [PREFIX]    close SESSION
 *   prep <write command>   (prepare only: the txn waits)      apply   (apply the oldest waiting txn)
 *   reap NOW     digest
 * Every write takes the next zxid; time = 1000 × zxid.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { errorName } from '../errors';
import type { Stat } from '../types';
import { DataTree } from './data-tree';
import type { WriteRequest } from './prep';
import type { Txn } from './txn';

const dir = new URL('../../testdata/tree/', import.meta.url);
const update = process.env.UPDATE_TESTDATA === '1';
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function tokens(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function statLine(stat: Stat): string {
  return `czxid=${stat.czxid} mzxid=${stat.mzxid} pzxid=${stat.pzxid} ctime=${stat.ctime} mtime=${stat.mtime} version=${stat.version} cversion=${stat.cversion} aversion=${stat.aversion} owner=0x${BigInt.asUintN(64, stat.ephemeralOwner).toString(16)} dataLength=${stat.dataLength} numChildren=${stat.numChildren}`;
}

class Trace {
  tree = new DataTree<string>({ extendedTypesEnabled: true });
  zxid = 0;
  waiting: Txn[] = [];

  request(words: string[], options: Map<string, string>): WriteRequest {
    const [verb, path = '', arg = ''] = words;
    const acl = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
    const version = Number(options.get('version') ?? -1);
    const data = new TextEncoder().encode(arg);
    switch (verb) {
      case 'create': {
        const op = options.get('op') ?? 'create';
        const flags = Number(options.get('mode') ?? (op === 'container' ? 4 : op === 'ttl' ? 5 : 0));
        const type = {
          create: OpCode.create,
          create2: OpCode.create2,
          container: OpCode.createContainer,
          ttl: OpCode.createTTL,
        }[op];
        if (type === OpCode.createTTL)
          return { type, path, data, acl, flags, ttl: Number(options.get('ttl') ?? 1000) };
        return { type: type as typeof OpCode.create, path, data, acl, flags };
      }
      case 'set':
        return { type: OpCode.setData, path, data, version };
      case 'delete':
        return { type: OpCode.delete, path, version };
      case 'setacl':
        return {
          type: OpCode.setACL,
          path,
          acl: [{ perms: Number(arg), id: { scheme: 'world', id: 'anyone' } }],
          version,
        };
      case 'close':
        return { type: OpCode.closeSession };
      case 'deletecontainer':
        return { type: OpCode.deleteContainer, path };
      default:
        throw new Error(`unknown write ${verb}`);
    }
  }

  prep(words: string[], options: Map<string, string>): { ok: true; txn: Txn } | { ok: false; out: string } {
    this.zxid++;
    const session = BigInt(options.get('session') ?? (words[0] === 'close' ? (words[1] ?? '1') : '1'));
    const prepared = this.tree.prep(this.request(words, options), {
      sessionId: session,
      cxid: this.zxid,
      zxid: this.zxid,
      time: 1000 * this.zxid,
      authIds: [],
    });
    return prepared.ok ? { ok: true, txn: prepared.txn } : { ok: false, out: errorName(prepared.err) };
  }

  applyOut(txn: Txn): string {
    const result = this.tree.apply(txn);
    const parts = [result.err === 0 ? 'OK' : errorName(result.err)];
    const response = result.response;
    if (response !== null && 'path' in response) parts.push(response.path);
    if (txn.body.type === OpCode.closeSession) parts.push(`deleted [${txn.body.paths.join(' ')}]`);
    return `${parts.join(' ')} (zxid ${txn.zxid})`;
  }

  run(line: string): string[] {
    const all = tokens(line);
    const options = new Map(
      all.filter((t) => /^\w+=/.test(t)).map((t) => t.split('=', 2) as [string, string]),
    );
    const words = all.filter((t) => !/^\w+=/.test(t));
    const [verb, path = '/'] = words;
    switch (verb) {
      case 'stat': {
        const stat = this.tree.stat(path);
        return [stat === undefined ? 'NONODE' : statLine(stat)];
      }
      case 'get': {
        const node = this.tree.node(path);
        return [node === undefined ? 'NONODE' : JSON.stringify(text(node.data))];
      }
      case 'ls': {
        const node = this.tree.node(path);
        return [node === undefined ? 'NONODE' : `[${node.childNames().join(' ')}]`];
      }
      case 'ephemerals':
        return [
          `[${this.tree
            .getEphemerals(BigInt(path), words[2] ?? '/')
            .sort()
            .join(' ')}]`,
        ];
      case 'reap':
        return [
          `[${this.tree
            .reapCandidates(Number(path))
            .map((r) => r.path)
            .join(' ')}]`,
        ];
      case 'digest':
        return [`nodes=${this.tree.nodeCount}`];
      case 'prep': {
        const prepared = this.prep(words.slice(1), options);
        if (!prepared.ok) return [prepared.out];
        this.waiting.push(prepared.txn);
        const body = prepared.txn.body;
        return [`prepared zxid ${prepared.txn.zxid}${'path' in body ? ` ${body.path}` : ''}`];
      }
      case 'apply': {
        const txn = this.waiting.shift();
        return [txn === undefined ? 'nothing to apply' : this.applyOut(txn)];
      }
      default: {
        const prepared = this.prep(words, options);
        return [prepared.ok ? this.applyOut(prepared.txn) : prepared.out];
      }
    }
  }
}

/** Replays a trace file; returns it rewritten with the actual outputs. */
function replay(source: string): string {
  const trace = new Trace();
  const out: string[] = [];
  for (const line of source.split('\n')) {
    if (line.startsWith('> ')) {
      out.push(line);
      out.push(...trace.run(line.slice(2)));
    } else if (line.startsWith('#') || line.trim() === '') {
      out.push(line);
    }
  }
  return out.join('\n');
}

describe('scenario traces', () => {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt'))) {
    it(file, () => {
      const url = new URL(file, dir);
      const source = readFileSync(url, 'utf8');
      const actual = replay(source);
      if (update) writeFileSync(url, actual.endsWith('\n') ? actual : `${actual}\n`);
      else expect(actual.trimEnd()).toBe(source.trimEnd());
    });
  }
});
