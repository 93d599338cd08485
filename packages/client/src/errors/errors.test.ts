import { ErrorCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { errorClassByCode, NodeExistsError, NoNodeError, SessionExpiredError } from './error-classes';
import { errorForCode } from './error-for-code';
import { ZooKeeperError } from './zookeeper-error';

describe('ZooKeeper error classes', () => {
  it('there is one class for every error code but OK', () => {
    const codes = Object.values(ErrorCode).filter((code) => code !== 0);
    expect([...errorClassByCode.keys()].sort()).toEqual([...codes].sort());
    const names = new Set([...errorClassByCode.values()].map((c) => c.name));
    expect(names.size).toBe(codes.length);
  });

  it('errorForCode builds the class with code, path, cause and a readable message', () => {
    const cause = new Error('underlying');
    const error = errorForCode(-101, { path: '/a', cause });
    expect(error).toBeInstanceOf(NoNodeError);
    expect(error).toMatchObject({ name: 'NoNodeError', code: -101, path: '/a', cause });
    expect(error.message).toBe('NONODE (-101) at /a');
    const unknown = errorForCode(-999);
    expect(unknown.constructor).toBe(ZooKeeperError);
    expect(unknown.message).toContain('UNKNOWN(-999)');
  });

  it('isInstance recognises errors from another copy of the package (same Symbol.for brand)', () => {
    // What a second copy of this package would create: a different class, the same brand.
    class ForeignError extends Error {
      readonly code = -110;
    }
    const foreign = Object.assign(new ForeignError('node exists'), {
      [Symbol.for('zkts.client.ZooKeeperError')]: true,
    });
    expect(foreign instanceof NodeExistsError).toBe(false);
    expect(NodeExistsError.isInstance(foreign)).toBe(true);
    expect(ZooKeeperError.isInstance(foreign)).toBe(true);
    expect(NoNodeError.isInstance(foreign)).toBe(false);
    expect(ZooKeeperError.isInstance(new Error('plain'))).toBe(false);
    expect(ZooKeeperError.isInstance({ code: -110 })).toBe(false);
  });

  it('isInstance works unbound, e.g. as a filter', () => {
    const errors = [new SessionExpiredError(), new NoNodeError(), 'x'];
    expect(errors.filter(SessionExpiredError.isInstance)).toHaveLength(1);
  });
});
