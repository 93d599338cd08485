import { fourLetterWord } from '../../../test/support/real-zookeeper';
import { defineConformanceSuite } from '../../client/test/conformance/suite';
import { startServer } from './support';

// The client's conformance suite, which also runs against the real ZooKeeper 3.8, against our server.
defineConformanceSuite('zkts standalone server over TCP', async () => {
  const server = await startServer({ extendedTypesEnabled: true, fourLetterWordWhitelist: '*' });
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
});
