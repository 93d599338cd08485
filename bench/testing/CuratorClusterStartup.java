import java.util.concurrent.CountDownLatch;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Curator's TestingCluster (3 members), timed as startup.bench.ts times createEnsemble: per
 * round, cluster.start() returned (ready), then a client connected and its first write
 * committed (connected: a leader is elected); one JSON line per round.
 */
public class CuratorClusterStartup {
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      TestingCluster cluster = new TestingCluster(3);
      cluster.start();
      long t1 = System.nanoTime();
      CountDownLatch connected = new CountDownLatch(1);
      ZooKeeper zk = new ZooKeeper(cluster.getConnectString(), 30000, event -> {
        if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
      });
      connected.await();
      while (true) {
        try {
          zk.create("/ready", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
          break;
        } catch (org.apache.zookeeper.KeeperException.ConnectionLossException e) {
          Thread.sleep(5);
        }
      }
      long t2 = System.nanoTime();
      zk.close();
      cluster.close();
      System.out.println("{\"ready\":" + (t1 - t0) / 1e6 + ",\"connected\":" + (t2 - t0) / 1e6 + "}");
    }
    // the cluster's servers leave non-daemon threads behind
    System.exit(0);
  }
}
