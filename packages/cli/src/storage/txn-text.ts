import { OpCode, type Txn, type TxnBody } from '@zkts/core';
import { dataText } from '../shell/data-text';
import { permString } from '../shell/zk-format';

const hex = (value: number | bigint) => `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;

const TYPE_NAMES = new Map<number, string>(Object.entries(OpCode).map(([name, code]) => [code, name]));

function aclText(acl: ReadonlyArray<{ id: { scheme: string; id: string }; perms: number }>): string {
  return acl.map((entry) => `${entry.id.scheme}:${entry.id.id}:${permString(entry.perms)}`).join(',');
}

/** One txn body: its type name and what it changes, e.g. `create /a data=hello acl=world:anyone:cdrwa`. */
export function bodyText(body: TxnBody): string {
  const name = TYPE_NAMES.get(body.type) ?? `type(${body.type})`;
  switch (body.type) {
    case OpCode.create:
    case OpCode.create2:
      return `${name} ${body.path}${body.ephemeral ? ' ephemeral' : ''} data=${dataText(body.data)} acl=${aclText(body.acl)} parentCVersion=${body.parentCVersion}`;
    case OpCode.createContainer:
      return `${name} ${body.path} data=${dataText(body.data)} acl=${aclText(body.acl)}`;
    case OpCode.createTTL:
      return `${name} ${body.path} ttl=${body.ttl} data=${dataText(body.data)} acl=${aclText(body.acl)}`;
    case OpCode.delete:
    case OpCode.deleteContainer:
      return `${name} ${body.path}`;
    case OpCode.setData:
      return `${name} ${body.path} data=${dataText(body.data)} version=${body.version}`;
    case OpCode.setACL:
      return `${name} ${body.path} acl=${aclText(body.acl)} version=${body.version}`;
    case OpCode.check:
      return `${name} ${body.path} version=${body.version}`;
    case OpCode.error:
      return `${name} err=${body.err}`;
    case OpCode.createSession:
      return `${name} timeout=${body.timeOut}`;
    case OpCode.closeSession:
      return `${name}${body.paths.length > 0 ? ` ephemerals=${body.paths.join(',')}` : ''}`;
    case OpCode.multi:
      return `${name} [${body.txns.map(bodyText).join('; ')}]`;
  }
}

/** A txn as LogFormatter prints one: time, session, cxid, zxid, then the body. */
export function txnText(txn: Txn): string {
  return `${new Date(txn.time).toISOString()} session ${hex(txn.sessionId)} cxid ${hex(txn.cxid)} zxid ${hex(txn.zxid)} ${bodyText(txn.body)}`;
}
