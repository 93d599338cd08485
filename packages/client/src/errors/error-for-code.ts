import { errorName } from '@zkts/core';
import { errorClassByCode } from './error-classes';
import { ZooKeeperError, type ZooKeeperErrorOptions } from './zookeeper-error';

/** The typed error for a reply's error code; an unknown code gives a plain ZooKeeperError. */
export function errorForCode(code: number, options: ZooKeeperErrorOptions = {}): ZooKeeperError {
  const ErrorClass = errorClassByCode.get(code);
  const at = options.path === undefined ? '' : ` at ${options.path}`;
  const message = `${errorName(code)} (${code})${at}`;
  return ErrorClass ? new ErrorClass(message, options) : new ZooKeeperError(code, message, options);
}
