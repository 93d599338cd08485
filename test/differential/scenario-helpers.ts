/** Small request builders shared by the differential scenarios. */
import { type ACL, type ClientRequest, type MultiOp, OPEN_ACL_UNSAFE, OpCode } from '@zkts/core';
import { bytes } from './harness';

export const OPEN: ACL[] = OPEN_ACL_UNSAFE.map((acl) => ({ perms: acl.perms, id: { ...acl.id } }));

export function create(path: string, flags = 0, data = '', acl: ACL[] = OPEN): ClientRequest {
  return { type: OpCode.create, path, data: bytes(data), acl, flags };
}

export function create2(path: string, flags = 0, data = '', acl: ACL[] = OPEN): ClientRequest {
  return { type: OpCode.create2, path, data: bytes(data), acl, flags };
}

export function createTTL(path: string, flags: number, ttl: number, data = ''): ClientRequest {
  return { type: OpCode.createTTL, path, data: bytes(data), acl: OPEN, flags, ttl };
}

export function remove(path: string, version = -1): ClientRequest {
  return { type: OpCode.delete, path, version };
}

export function setData(path: string, data: string, version = -1): ClientRequest {
  return { type: OpCode.setData, path, data: bytes(data), version };
}

export function getData(path: string, watch = false): ClientRequest {
  return { type: OpCode.getData, path, watch };
}

export function exists(path: string, watch = false): ClientRequest {
  return { type: OpCode.exists, path, watch };
}

export function children(path: string, watch = false): ClientRequest {
  return { type: OpCode.getChildren, path, watch };
}

export function children2(path: string, watch = false): ClientRequest {
  return { type: OpCode.getChildren2, path, watch };
}

export function multi(...ops: MultiOp[]): ClientRequest {
  return { type: OpCode.multi, ops };
}

export const op = {
  create: (path: string, flags = 0, data = ''): MultiOp => ({
    type: OpCode.create,
    path,
    data: bytes(data),
    acl: OPEN,
    flags,
  }),
  create2: (path: string, flags = 0, data = ''): MultiOp => ({
    type: OpCode.create2,
    path,
    data: bytes(data),
    acl: OPEN,
    flags,
  }),
  delete: (path: string, version = -1): MultiOp => ({ type: OpCode.delete, path, version }),
  setData: (path: string, data: string, version = -1): MultiOp => ({
    type: OpCode.setData,
    path,
    data: bytes(data),
    version,
  }),
  check: (path: string, version: number): MultiOp => ({ type: OpCode.check, path, version }),
  getData: (path: string): MultiOp => ({ type: OpCode.getData, path }),
  getChildren: (path: string): MultiOp => ({ type: OpCode.getChildren, path }),
};
