import java.util.concurrent.CountDownLatch;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Curator's TestingServer, timed as startup.bench.ts times createTestServer: per round, the
 * server start, then the first ZooKeeper client connected; one JSON line per round.
 */
public class CuratorStartup {
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      TestingServer server = new TestingServer(true);
      long t1 = System.nanoTime();
      CountDownLatch connected = new CountDownLatch(1);
      ZooKeeper zk = new ZooKeeper(server.getConnectString(), 30000, event -> {
        if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
      });
      connected.await();
      long t2 = System.nanoTime();
      zk.close();
      server.close();
      System.out.println("{\"ready\":" + (t1 - t0) / 1e6 + ",\"connected\":" + (t2 - t0) / 1e6 + "}");
    }
  }
}
