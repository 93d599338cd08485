export { ExpiryQueue } from './expiry-queue';
export { javaRandomBytes } from './java-random';
export {
  DEFAULT_SESSION_SECRET,
  passwordsEqual,
  SESSION_PASSWORD_LENGTH,
  sessionPassword,
} from './password';
export {
  assertServerId,
  CONTAINER_EPHEMERAL_OWNER,
  formatSessionId,
  initialSessionId,
  MAX_SERVER_ID,
  nextSessionId,
  serverIdOf,
} from './session-id';
export {
  type CreatedSession,
  type RevalidateResult,
  type SessionInfo,
  SessionTracker,
  type SessionTrackerOptions,
} from './session-tracker';
