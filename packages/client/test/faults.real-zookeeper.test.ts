import { describe, it } from 'vitest';
import { realZooKeeperAvailable, startRealZooKeeper } from '../../../test/support/real-zookeeper';
import { defineFaultSuite } from './faults/suite';

if (realZooKeeperAvailable()) {
  defineFaultSuite('real Apache ZooKeeper 3.8', () =>
    startRealZooKeeper({ systemProperties: { 'zookeeper.extendedTypesEnabled': 'true' } }),
  );
} else {
  describe.skip('faults: real Apache ZooKeeper 3.8 (not installed)', () => {
    it('needs /usr/share/java/zookeeper.jar', () => {});
  });
}
