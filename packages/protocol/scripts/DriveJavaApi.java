// Drives the Java client API (libzookeeper-java 3.8) for record-fixtures.ts: the calls no CLI
// command makes (multiRead, checkWatches, create2/TTL/container ops inside multi).
// Prints "STEP <command>" and waits for a line on stdin before each one.
// Run: java -cp '/usr/share/java/*' DriveJavaApi.java host:port
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

public class DriveJavaApi {
    static final BufferedReader in = new BufferedReader(new InputStreamReader(System.in));

    static void step(String name) throws Exception {
        System.out.println("STEP " + name);
        System.out.flush();
        in.readLine();
    }

    interface Call { void run() throws Exception; }

    static void attempt(Call call) {
        try { call.run(); } catch (Exception e) { /* recorded, not handled */ }
    }

    public static void main(String[] args) throws Exception {
        step("connect");
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(args[0], 6000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
        });
        connected.await();
        var open = ZooDefs.Ids.OPEN_ACL_UNSAFE;

        step("create with null data");
        zk.create("/api", null, open, CreateMode.PERSISTENT);
        step("getData of a node with null data");
        zk.getData("/api", false, new Stat());
        step("create with Stat (create2)");
        zk.create("/api/a", "a".getBytes(), open, CreateMode.PERSISTENT, new Stat());
        step("multi with create, createTTL, createContainer, setData, check, delete ops");
        zk.multi(Arrays.asList(
            Op.create("/api/m1", "1".getBytes(), open, CreateMode.PERSISTENT),
            Op.create("/api/m2", "2".getBytes(), open, CreateMode.PERSISTENT_WITH_TTL, 30000),
            Op.create("/api/m3", "3".getBytes(), open, CreateMode.CONTAINER),
            Op.setData("/api/m1", "x".getBytes(), -1),
            Op.check("/api", 0),
            Op.delete("/api/m1", -1)));
        step("multiRead (getData, getChildren, getData of a missing node)");
        zk.multi(Arrays.asList(Op.getData("/api/a"), Op.getChildren("/api"), Op.getData("/api/none")));
        Watcher noop = event -> { };
        step("getData with a watcher");
        zk.getData("/api/a", noop, new Stat());
        step("removeWatches(path, watcher, Data): checkWatches (17) on the server, removal is local");
        attempt(() -> zk.removeWatches("/api/a", noop, Watcher.WatcherType.Data, false));
        step("removeAllWatches(path, Any): removeWatches (18) drops the server-side data watch");
        attempt(() -> zk.removeAllWatches("/api/a", Watcher.WatcherType.Any, false));
        step("getConfig");
        attempt(() -> zk.getConfig(false, new Stat()));
        step("getEphemerals");
        zk.getEphemerals();
        step("close");
        zk.close();
        System.out.println("DONE");
    }
}
