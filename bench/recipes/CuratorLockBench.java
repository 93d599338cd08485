// Curator InterProcessMutex handoffs for lock.bench.ts: <connect> <lockPath> <contenders> <seconds>.
// One CuratorFramework per contender thread, each acquiring and releasing in a loop; prints
// {"handoffs": n, "seconds": s}.
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;

public class CuratorLockBench {
    public static void main(String[] args) throws Exception {
        String connect = args[0];
        String path = args[1];
        int contenders = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        AtomicLong handoffs = new AtomicLong();
        CuratorFramework[] clients = new CuratorFramework[contenders];
        for (int i = 0; i < contenders; i++) {
            clients[i] = CuratorFrameworkFactory.newClient(connect, 30_000, 10_000, new RetryNTimes(3, 100));
            clients[i].start();
            clients[i].blockUntilConnected();
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] threads = new Thread[contenders];
        for (int i = 0; i < contenders; i++) {
            InterProcessMutex mutex = new InterProcessMutex(clients[i], path);
            threads[i] = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        mutex.acquire();
                        handoffs.incrementAndGet();
                        mutex.release();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) thread.join();
        for (CuratorFramework client : clients) client.close();
        System.out.println("{\"handoffs\": " + handoffs.get() + ", \"seconds\": " + seconds + "}");
    }
}
