// Drives Curator 5.4 recipes for test/interop/recipes.test.ts, one scenario per process; prints
// JSON lines. Run: java -cp '/usr/share/java/*' CuratorRecipes.java host:port <scenario> <args...>
//   mutex <lockPath> <insidePath> <iterations>   InterProcessMutex; counts overlaps seen at insidePath
//   latch <latchPath> <id>                       LeaderLatch: reports follower, waits to lead, holds 1 s
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

public class CuratorRecipes {
    public static void main(String[] args) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], 10_000, 5_000, new RetryNTimes(10, 100));
        client.start();
        client.blockUntilConnected();
        try {
            switch (args[1]) {
                case "mutex" -> mutex(client, args[2], args[3], Integer.parseInt(args[4]));
                case "latch" -> latch(client, args[2], args[3]);
                default -> throw new IllegalArgumentException(args[1]);
            }
        } finally {
            client.close();
        }
        System.out.println("{\"done\": true}");
    }

    static void mutex(CuratorFramework client, String lockPath, String insidePath, int iterations) throws Exception {
        InterProcessMutex mutex = new InterProcessMutex(client, lockPath);
        int overlaps = 0;
        for (int i = 0; i < iterations; i++) {
            if (!mutex.acquire(30, TimeUnit.SECONDS)) throw new IllegalStateException("lock timeout");
            try {
                try {
                    client.create().withMode(CreateMode.EPHEMERAL).forPath(insidePath, "curator".getBytes());
                } catch (KeeperException.NodeExistsException e) {
                    overlaps++;
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6));
                client.delete().quietly().forPath(insidePath);
            } finally {
                mutex.release();
            }
        }
        System.out.println("{\"client\": \"curator\", \"iterations\": " + iterations + ", \"overlaps\": " + overlaps + "}");
    }

    static void latch(CuratorFramework client, String latchPath, String id) throws Exception {
        LeaderLatch latch = new LeaderLatch(client, latchPath, id);
        latch.start();
        Thread.sleep(500);
        System.out.println("{\"latch\": \"" + (latch.hasLeadership() ? "leader" : "follower") + "\"}");
        if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never led");
        System.out.println("{\"latch\": \"leader\"}");
        Thread.sleep(1000);
        latch.close();
    }
}
