/**
 * @zkts/testing — zkts servers for tests: `createTestServer()` (in process, in memory, with a
 * manual clock on demand, restart and session expiry). Ensembles (`createEnsemble`) come with
 * replication.
 */
export { createTestServer, type TestServer } from './create-test-server';
export { FollowingTransport } from './following-transport';
export { ManualClock } from './manual-clock';
export type { TestClientOptions, TestServerOptions } from './test-server-options';
