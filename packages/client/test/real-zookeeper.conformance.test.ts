import { describe, it } from 'vitest';
import {
  fourLetterWord,
  realZooKeeperAvailable,
  startRealZooKeeper,
} from '../../../test/support/real-zookeeper';
import { defineConformanceSuite } from './conformance/suite';

if (realZooKeeperAvailable()) {
  defineConformanceSuite('real Apache ZooKeeper 3.8', async () => {
    const zk = await startRealZooKeeper({ systemProperties: { 'zookeeper.extendedTypesEnabled': 'true' } });
    return {
      name: 'real ZooKeeper',
      connectString: zk.address,
      controls: {
        async serverWatchCount() {
          const summary = await fourLetterWord(zk.port, 'wchs');
          const match = /Total watches:(\d+)/.exec(summary);
          if (!match) throw new Error(`unexpected wchs answer: ${summary}`);
          return Number(match[1]);
        },
      },
      stop: () => zk.stop(),
    };
  });
} else {
  describe.skip('client conformance: real Apache ZooKeeper 3.8 (not installed)', () => {
    it('needs /usr/share/java/zookeeper.jar', () => {});
  });
}
