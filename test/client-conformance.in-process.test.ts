/**
 * The @zkts/client conformance suite against our own server through the in-process transport
 * (records passed as objects, no bytes), parameterised like the TCP run beside it. The server
 * still listens on TCP, for the four-letter word the suite's introspection uses.
 */

import { defineConformanceSuite } from '../packages/client/test/conformance/suite';
import { createServer, inProcessTransport, silentLogger } from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';
import { fourLetterWord } from './support/real-zookeeper';

defineConformanceSuite(
  'zkts server in-process',
  async () => {
    const server = await createServer({
      port: 0,
      logger: silentLogger,
      storage: createMemoryStorage(),
      extendedTypesEnabled: true,
      fourLetterWordWhitelist: '*',
    });
    return {
      name: 'zkts server (in-process)',
      connectString: server.connectString,
      clientOptions: { transport: inProcessTransport(server) },
      controls: {
        async serverWatchCount() {
          const summary = await fourLetterWord(server.address.port, 'wchs');
          const match = /Total watches:(\d+)/.exec(summary);
          if (!match) throw new Error(`unexpected wchs answer: ${summary}`);
          return Number(match[1]);
        },
      },
      stop: () => server.close(),
    };
  },
  // Divergences from the TCP run, when found, go here as { knownIssues: { '<test name>': '<why>' } }.
  {},
);
