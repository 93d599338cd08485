/**
 * The @zkts/client conformance suite (written once, in packages/client/test/conformance)
 * against our own server over TCP. It lives here, not in the client package, so the client
 * never depends on the server.
 */

import { defineConformanceSuite } from '../packages/client/test/conformance/suite';
import { createServer, silentLogger } from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';
import { fourLetterWord } from './support/real-zookeeper';

defineConformanceSuite(
  'zkts server over TCP',
  async () => {
    const server = await createServer({
      port: 0,
      logger: silentLogger,
      storage: createMemoryStorage(),
      extendedTypesEnabled: true,
      fourLetterWordWhitelist: '*',
    });
    return {
      name: 'zkts server',
      connectString: server.connectString,
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
  // Divergences from ZooKeeper, when found, go here as { knownIssues: { '<test name>': '<why>' } }.
  {},
);
