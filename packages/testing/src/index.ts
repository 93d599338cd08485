/**
 * @zkts/testing — zkts servers for tests: `createTestServer()` (in process, in memory, with a
 * manual clock on demand, restart and session expiry) and `createEnsemble()` (a whole
 * replicated ensemble in process, with kill / restart / partition / expire-session).
 */
export {
  createEnsemble,
  type EnsembleClientOptions,
  type EnsembleOptions,
  type EnsembleTestMember,
  type TestEnsemble,
} from './create-ensemble';
export { createTestServer, type TestServer } from './create-test-server';
export { FollowingTransport } from './following-transport';
export { ManualClock } from './manual-clock';
export type { TestClientOptions, TestServerOptions } from './test-server-options';
