/**
 * The @zkts/client fault suite (packages/client/test/faults) against our own server over TCP.
 * Here rather than in the client package, so the client never depends on the server.
 */
import { defineFaultSuite } from '../packages/client/test/faults/suite';
import { createServer, silentLogger } from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';

defineFaultSuite('zkts server over TCP', async () => {
  const server = await createServer({
    port: 0,
    logger: silentLogger,
    storage: createMemoryStorage(),
    extendedTypesEnabled: true,
  });
  return {
    host: server.address.host,
    port: server.address.port,
    address: server.connectString,
    stop: () => server.close(),
  };
});
