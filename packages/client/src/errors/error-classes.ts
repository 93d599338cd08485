/**
 * One error class per ZooKeeper error code (KeeperException.Code). Each fixes its `code`; use
 * `XxxError.isInstance(e)` to match across duplicate package copies.
 */
import { ErrorCode } from '@zkts/core';
import { isZooKeeperErrorWithCode, ZooKeeperError, type ZooKeeperErrorOptions } from './zookeeper-error';

/** SYSTEMERROR (a server-side system error). */
export class SystemZooKeeperError extends ZooKeeperError {
  static override readonly code = ErrorCode.SYSTEMERROR;
  static override isInstance(value: unknown): value is SystemZooKeeperError {
    return isZooKeeperErrorWithCode(value, ErrorCode.SYSTEMERROR);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.SYSTEMERROR, message, options);
  }
}

/** RUNTIMEINCONSISTENCY (a runtime inconsistency; inside a failed multi, the ops after the failing one). */
export class RuntimeInconsistencyError extends ZooKeeperError {
  static override readonly code = ErrorCode.RUNTIMEINCONSISTENCY;
  static override isInstance(value: unknown): value is RuntimeInconsistencyError {
    return isZooKeeperErrorWithCode(value, ErrorCode.RUNTIMEINCONSISTENCY);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.RUNTIMEINCONSISTENCY, message, options);
  }
}

/** DATAINCONSISTENCY (the data is inconsistent). */
export class DataInconsistencyError extends ZooKeeperError {
  static override readonly code = ErrorCode.DATAINCONSISTENCY;
  static override isInstance(value: unknown): value is DataInconsistencyError {
    return isZooKeeperErrorWithCode(value, ErrorCode.DATAINCONSISTENCY);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.DATAINCONSISTENCY, message, options);
  }
}

/** CONNECTIONLOSS (the connection dropped before the reply came: the operation may or may not have been applied). */
export class ConnectionLossError extends ZooKeeperError {
  static override readonly code = ErrorCode.CONNECTIONLOSS;
  static override isInstance(value: unknown): value is ConnectionLossError {
    return isZooKeeperErrorWithCode(value, ErrorCode.CONNECTIONLOSS);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.CONNECTIONLOSS, message, options);
  }
}

/** MARSHALLINGERROR (a request or reply could not be (de)serialised). */
export class MarshallingError extends ZooKeeperError {
  static override readonly code = ErrorCode.MARSHALLINGERROR;
  static override isInstance(value: unknown): value is MarshallingError {
    return isZooKeeperErrorWithCode(value, ErrorCode.MARSHALLINGERROR);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.MARSHALLINGERROR, message, options);
  }
}

/** UNIMPLEMENTED (the server does not implement the operation). */
export class UnimplementedError extends ZooKeeperError {
  static override readonly code = ErrorCode.UNIMPLEMENTED;
  static override isInstance(value: unknown): value is UnimplementedError {
    return isZooKeeperErrorWithCode(value, ErrorCode.UNIMPLEMENTED);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.UNIMPLEMENTED, message, options);
  }
}

/** OPERATIONTIMEOUT (the operation timed out). */
export class OperationTimeoutError extends ZooKeeperError {
  static override readonly code = ErrorCode.OPERATIONTIMEOUT;
  static override isInstance(value: unknown): value is OperationTimeoutError {
    return isZooKeeperErrorWithCode(value, ErrorCode.OPERATIONTIMEOUT);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.OPERATIONTIMEOUT, message, options);
  }
}

/** BADARGUMENTS (invalid arguments (e.g. a TTL mode while extended types are disabled)). */
export class BadArgumentsError extends ZooKeeperError {
  static override readonly code = ErrorCode.BADARGUMENTS;
  static override isInstance(value: unknown): value is BadArgumentsError {
    return isZooKeeperErrorWithCode(value, ErrorCode.BADARGUMENTS);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.BADARGUMENTS, message, options);
  }
}

/** UNKNOWNSESSION (the session is unknown to the server). */
export class UnknownSessionError extends ZooKeeperError {
  static override readonly code = ErrorCode.UNKNOWNSESSION;
  static override isInstance(value: unknown): value is UnknownSessionError {
    return isZooKeeperErrorWithCode(value, ErrorCode.UNKNOWNSESSION);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.UNKNOWNSESSION, message, options);
  }
}

/** NEWCONFIGNOQUORUM (a reconfig found no quorum of the new configuration). */
export class NewConfigNoQuorumError extends ZooKeeperError {
  static override readonly code = ErrorCode.NEWCONFIGNOQUORUM;
  static override isInstance(value: unknown): value is NewConfigNoQuorumError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NEWCONFIGNOQUORUM);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NEWCONFIGNOQUORUM, message, options);
  }
}

/** RECONFIGINPROGRESS (another reconfig is in progress). */
export class ReconfigInProgressError extends ZooKeeperError {
  static override readonly code = ErrorCode.RECONFIGINPROGRESS;
  static override isInstance(value: unknown): value is ReconfigInProgressError {
    return isZooKeeperErrorWithCode(value, ErrorCode.RECONFIGINPROGRESS);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.RECONFIGINPROGRESS, message, options);
  }
}

/** APIERROR (a generic API error). */
export class ApiError extends ZooKeeperError {
  static override readonly code = ErrorCode.APIERROR;
  static override isInstance(value: unknown): value is ApiError {
    return isZooKeeperErrorWithCode(value, ErrorCode.APIERROR);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.APIERROR, message, options);
  }
}

/** NONODE (the node does not exist). */
export class NoNodeError extends ZooKeeperError {
  static override readonly code = ErrorCode.NONODE;
  static override isInstance(value: unknown): value is NoNodeError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NONODE);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NONODE, message, options);
  }
}

/** NOAUTH (the session's identities lack the permission). */
export class NoAuthError extends ZooKeeperError {
  static override readonly code = ErrorCode.NOAUTH;
  static override isInstance(value: unknown): value is NoAuthError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NOAUTH);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NOAUTH, message, options);
  }
}

/** BADVERSION (the expected version did not match). */
export class BadVersionError extends ZooKeeperError {
  static override readonly code = ErrorCode.BADVERSION;
  static override isInstance(value: unknown): value is BadVersionError {
    return isZooKeeperErrorWithCode(value, ErrorCode.BADVERSION);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.BADVERSION, message, options);
  }
}

/** NOCHILDRENFOREPHEMERALS (ephemeral nodes cannot have children). */
export class NoChildrenForEphemeralsError extends ZooKeeperError {
  static override readonly code = ErrorCode.NOCHILDRENFOREPHEMERALS;
  static override isInstance(value: unknown): value is NoChildrenForEphemeralsError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NOCHILDRENFOREPHEMERALS);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NOCHILDRENFOREPHEMERALS, message, options);
  }
}

/** NODEEXISTS (the node already exists). */
export class NodeExistsError extends ZooKeeperError {
  static override readonly code = ErrorCode.NODEEXISTS;
  static override isInstance(value: unknown): value is NodeExistsError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NODEEXISTS);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NODEEXISTS, message, options);
  }
}

/** NOTEMPTY (the node has children). */
export class NotEmptyError extends ZooKeeperError {
  static override readonly code = ErrorCode.NOTEMPTY;
  static override isInstance(value: unknown): value is NotEmptyError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NOTEMPTY);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NOTEMPTY, message, options);
  }
}

/** SESSIONEXPIRED (the session expired: its ephemerals and watches are gone; create a new client). */
export class SessionExpiredError extends ZooKeeperError {
  static override readonly code = ErrorCode.SESSIONEXPIRED;
  static override isInstance(value: unknown): value is SessionExpiredError {
    return isZooKeeperErrorWithCode(value, ErrorCode.SESSIONEXPIRED);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.SESSIONEXPIRED, message, options);
  }
}

/** INVALIDCALLBACK (an invalid callback). */
export class InvalidCallbackError extends ZooKeeperError {
  static override readonly code = ErrorCode.INVALIDCALLBACK;
  static override isInstance(value: unknown): value is InvalidCallbackError {
    return isZooKeeperErrorWithCode(value, ErrorCode.INVALIDCALLBACK);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.INVALIDCALLBACK, message, options);
  }
}

/** INVALIDACL (the ACL is invalid (e.g. `auth` ids without any authenticated identity)). */
export class InvalidACLError extends ZooKeeperError {
  static override readonly code = ErrorCode.INVALIDACL;
  static override isInstance(value: unknown): value is InvalidACLError {
    return isZooKeeperErrorWithCode(value, ErrorCode.INVALIDACL);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.INVALIDACL, message, options);
  }
}

/** AUTHFAILED (authentication failed; the server closed the session's connection). */
export class AuthFailedError extends ZooKeeperError {
  static override readonly code = ErrorCode.AUTHFAILED;
  static override isInstance(value: unknown): value is AuthFailedError {
    return isZooKeeperErrorWithCode(value, ErrorCode.AUTHFAILED);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.AUTHFAILED, message, options);
  }
}

/** SESSIONMOVED (the session moved to another server). */
export class SessionMovedError extends ZooKeeperError {
  static override readonly code = ErrorCode.SESSIONMOVED;
  static override isInstance(value: unknown): value is SessionMovedError {
    return isZooKeeperErrorWithCode(value, ErrorCode.SESSIONMOVED);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.SESSIONMOVED, message, options);
  }
}

/** NOTREADONLY (a write was sent to a read-only server). */
export class NotReadOnlyError extends ZooKeeperError {
  static override readonly code = ErrorCode.NOTREADONLY;
  static override isInstance(value: unknown): value is NotReadOnlyError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NOTREADONLY);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NOTREADONLY, message, options);
  }
}

/** EPHEMERALONLOCALSESSION (ephemerals cannot be created by a local session). */
export class EphemeralOnLocalSessionError extends ZooKeeperError {
  static override readonly code = ErrorCode.EPHEMERALONLOCALSESSION;
  static override isInstance(value: unknown): value is EphemeralOnLocalSessionError {
    return isZooKeeperErrorWithCode(value, ErrorCode.EPHEMERALONLOCALSESSION);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.EPHEMERALONLOCALSESSION, message, options);
  }
}

/** NOWATCHER (there is no such watch to remove). */
export class NoWatcherError extends ZooKeeperError {
  static override readonly code = ErrorCode.NOWATCHER;
  static override isInstance(value: unknown): value is NoWatcherError {
    return isZooKeeperErrorWithCode(value, ErrorCode.NOWATCHER);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.NOWATCHER, message, options);
  }
}

/** REQUESTTIMEOUT (the request timed out). */
export class RequestTimeoutError extends ZooKeeperError {
  static override readonly code = ErrorCode.REQUESTTIMEOUT;
  static override isInstance(value: unknown): value is RequestTimeoutError {
    return isZooKeeperErrorWithCode(value, ErrorCode.REQUESTTIMEOUT);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.REQUESTTIMEOUT, message, options);
  }
}

/** RECONFIGDISABLED (reconfig is disabled on the server). */
export class ReconfigDisabledError extends ZooKeeperError {
  static override readonly code = ErrorCode.RECONFIGDISABLED;
  static override isInstance(value: unknown): value is ReconfigDisabledError {
    return isZooKeeperErrorWithCode(value, ErrorCode.RECONFIGDISABLED);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.RECONFIGDISABLED, message, options);
  }
}

/** SESSIONCLOSEDREQUIRESASLAUTH (the server requires SASL authentication). */
export class SessionClosedRequireSaslAuthError extends ZooKeeperError {
  static override readonly code = ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH;
  static override isInstance(value: unknown): value is SessionClosedRequireSaslAuthError {
    return isZooKeeperErrorWithCode(value, ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH, message, options);
  }
}

/** QUOTAEXCEEDED (a hard quota was exceeded). */
export class QuotaExceededError extends ZooKeeperError {
  static override readonly code = ErrorCode.QUOTAEXCEEDED;
  static override isInstance(value: unknown): value is QuotaExceededError {
    return isZooKeeperErrorWithCode(value, ErrorCode.QUOTAEXCEEDED);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.QUOTAEXCEEDED, message, options);
  }
}

/** THROTTLEDOP (the server throttled the operation). */
export class ThrottledOpError extends ZooKeeperError {
  static override readonly code = ErrorCode.THROTTLEDOP;
  static override isInstance(value: unknown): value is ThrottledOpError {
    return isZooKeeperErrorWithCode(value, ErrorCode.THROTTLEDOP);
  }
  constructor(message?: string, options?: ZooKeeperErrorOptions) {
    super(ErrorCode.THROTTLEDOP, message, options);
  }
}

/** The class for each code, for turning a reply's `err` into an error. */
export const errorClassByCode: ReadonlyMap<
  number,
  new (
    message?: string,
    options?: ZooKeeperErrorOptions,
  ) => ZooKeeperError
> = new Map<number, new (message?: string, options?: ZooKeeperErrorOptions) => ZooKeeperError>([
  [ErrorCode.SYSTEMERROR, SystemZooKeeperError],
  [ErrorCode.RUNTIMEINCONSISTENCY, RuntimeInconsistencyError],
  [ErrorCode.DATAINCONSISTENCY, DataInconsistencyError],
  [ErrorCode.CONNECTIONLOSS, ConnectionLossError],
  [ErrorCode.MARSHALLINGERROR, MarshallingError],
  [ErrorCode.UNIMPLEMENTED, UnimplementedError],
  [ErrorCode.OPERATIONTIMEOUT, OperationTimeoutError],
  [ErrorCode.BADARGUMENTS, BadArgumentsError],
  [ErrorCode.UNKNOWNSESSION, UnknownSessionError],
  [ErrorCode.NEWCONFIGNOQUORUM, NewConfigNoQuorumError],
  [ErrorCode.RECONFIGINPROGRESS, ReconfigInProgressError],
  [ErrorCode.APIERROR, ApiError],
  [ErrorCode.NONODE, NoNodeError],
  [ErrorCode.NOAUTH, NoAuthError],
  [ErrorCode.BADVERSION, BadVersionError],
  [ErrorCode.NOCHILDRENFOREPHEMERALS, NoChildrenForEphemeralsError],
  [ErrorCode.NODEEXISTS, NodeExistsError],
  [ErrorCode.NOTEMPTY, NotEmptyError],
  [ErrorCode.SESSIONEXPIRED, SessionExpiredError],
  [ErrorCode.INVALIDCALLBACK, InvalidCallbackError],
  [ErrorCode.INVALIDACL, InvalidACLError],
  [ErrorCode.AUTHFAILED, AuthFailedError],
  [ErrorCode.SESSIONMOVED, SessionMovedError],
  [ErrorCode.NOTREADONLY, NotReadOnlyError],
  [ErrorCode.EPHEMERALONLOCALSESSION, EphemeralOnLocalSessionError],
  [ErrorCode.NOWATCHER, NoWatcherError],
  [ErrorCode.REQUESTTIMEOUT, RequestTimeoutError],
  [ErrorCode.RECONFIGDISABLED, ReconfigDisabledError],
  [ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH, SessionClosedRequireSaslAuthError],
  [ErrorCode.QUOTAEXCEEDED, QuotaExceededError],
  [ErrorCode.THROTTLEDOP, ThrottledOpError],
]);
