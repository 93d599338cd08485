// Drives Curator 5.4 recipes for test/interop/recipes.test.ts, one scenario per process; prints
// JSON lines. Run: java -cp '/usr/share/java/*' CuratorRecipes.java host:port <scenario> <args...>
//   mutex <lockPath> <insidePath> <iterations>   InterProcessMutex; counts overlaps seen at insidePath
//   semaphore <path> <maxLeases> <insideDir> <iterations>  InterProcessSemaphoreV2; counts rounds
//                                                that saw more than maxLeases holders inside
//   writelock <lockPath> <insidePath> <iterations>  InterProcessReadWriteLock's write lock
//   readlock <lockPath>                          InterProcessReadWriteLock's read lock: reports waiting,
//                                                held, holds it until a line on stdin, reports released
//   semaphore-once <path> <maxLeases>            InterProcessSemaphoreV2: reports waiting, takes one lease
//                                                (waiting up to 30 s), reports held, returns it
//   latch <latchPath> <id>                       LeaderLatch: reports follower, waits to lead, holds 1 s
//   discovery <basePath> <name>                  registers an instance (payload: a map), lists all
//                                                instances of <name>, waits for a line on stdin
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessLock;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

public class CuratorRecipes {
    public static void main(String[] args) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], 10_000, 5_000, new RetryNTimes(10, 100));
        client.start();
        client.blockUntilConnected();
        System.out.println("{\"ready\": true}"); // the test starts its own contenders now, to overlap
        System.out.flush();
        try {
            switch (args[1]) {
                case "mutex" -> exclusive(client, new InterProcessMutex(client, args[2]), args[3], Integer.parseInt(args[4]));
                case "writelock" -> exclusive(client, new InterProcessReadWriteLock(client, args[2]).writeLock(), args[3], Integer.parseInt(args[4]));
                case "semaphore" -> semaphore(client, args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]));
                case "readlock" -> holdOnce(new InterProcessReadWriteLock(client, args[2]).readLock(), "read");
                case "semaphore-once" -> semaphoreOnce(client, args[2], Integer.parseInt(args[3]));
                case "latch" -> latch(client, args[2], args[3]);
                case "discovery" -> discovery(client, args[2], args[3]);
                default -> throw new IllegalArgumentException(args[1]);
            }
        } finally {
            client.close();
        }
        System.out.println("{\"done\": true}");
    }

    static void holdOnce(InterProcessLock lock, String kind) throws Exception {
        report(kind, "waiting");
        if (!lock.acquire(30, TimeUnit.SECONDS)) throw new IllegalStateException("lock timeout");
        report(kind, "held");
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        lock.release();
        report(kind, "released");
    }

    static void semaphoreOnce(CuratorFramework client, String path, int maxLeases) throws Exception {
        InterProcessSemaphoreV2 semaphore = new InterProcessSemaphoreV2(client, path, maxLeases);
        report("lease", "waiting");
        Lease lease = semaphore.acquire(30, TimeUnit.SECONDS);
        if (lease == null) throw new IllegalStateException("lease timeout");
        report("lease", "held");
        semaphore.returnLease(lease);
    }

    static void report(String kind, String state) {
        System.out.println("{\"" + kind + "\": \"" + state + "\"}");
        System.out.flush();
    }

    static void semaphore(CuratorFramework client, String path, int maxLeases, String insideDir, int iterations) throws Exception {
        InterProcessSemaphoreV2 semaphore = new InterProcessSemaphoreV2(client, path, maxLeases);
        // insideDir is created by the test (a probe node here would count as a holder)
        int overlaps = 0;
        for (int i = 0; i < iterations; i++) {
            Lease lease = semaphore.acquire(30, TimeUnit.SECONDS);
            if (lease == null) throw new IllegalStateException("lease timeout");
            try {
                String ours = client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(insideDir + "/in-");
                if (client.getChildren().forPath(insideDir).size() > maxLeases) overlaps++;
                Thread.sleep(ThreadLocalRandom.current().nextInt(5, 16));
                client.delete().forPath(ours);
            } finally {
                semaphore.returnLease(lease);
            }
        }
        System.out.println("{\"client\": \"curator\", \"iterations\": " + iterations + ", \"overlaps\": " + overlaps + "}");
    }

    static void exclusive(CuratorFramework client, InterProcessLock mutex, String insidePath, int iterations) throws Exception {
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

    @SuppressWarnings("unchecked")
    static void discovery(CuratorFramework client, String basePath, String name) throws Exception {
        ServiceDiscovery<java.util.Map> discovery = ServiceDiscoveryBuilder.builder(java.util.Map.class)
            .client(client).basePath(basePath)
            .serializer(new JsonInstanceSerializer<>(java.util.Map.class)).build();
        discovery.start();
        ServiceInstance<java.util.Map> ours = ServiceInstance.<java.util.Map>builder()
            .name(name).id("curator-1").address("10.1.1.1").port(9090)
            .payload(java.util.Map.of("zone", "java")).build();
        discovery.registerService(ours);
        StringBuilder seen = new StringBuilder();
        for (ServiceInstance<java.util.Map> instance : discovery.queryForInstances(name)) {
            if (seen.length() > 0) seen.append(", ");
            seen.append("{\"id\": \"").append(instance.getId()).append("\", \"address\": \"")
                .append(instance.getAddress()).append("\", \"port\": ").append(instance.getPort())
                .append(", \"zone\": \"").append(instance.getPayload() == null ? "" : instance.getPayload().get("zone")).append("\"}");
        }
        System.out.println("{\"instances\": [" + seen + "]}");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        discovery.close();
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
