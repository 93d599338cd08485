/**
 * Drives Apache ZooKeeper's own Java CLI (zkCli, `org.apache.zookeeper.ZooKeeperMain`) line by
 * line through stdin: used by the interop suite and the ensemble failover test.
 */
import { InteractiveProcess } from '../support/interactive-process';
import { JAVA_CLASSPATH } from './tools';

/** One zkCli JVM; `cmd` sends a command and returns what it printed. */
export class ZkCli {
  private sentinel = 0;
  private constructor(private readonly process: InteractiveProcess) {}

  static async start(address: string): Promise<ZkCli> {
    const process = new InteractiveProcess('java', [
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      JAVA_CLASSPATH,
      'org.apache.zookeeper.ZooKeeperMain',
      '-server',
      address,
    ]);
    await process.waitFor(/WatchedEvent state:SyncConnected type:None path:null/, 30_000);
    return new ZkCli(process);
  }

  /**
   * Runs `line`; a `stat` of a missing sentinel node follows it, and its "Node does not exist"
   * line marks the end of the command's output (zkCli runs stdin commands one at a time).
   */
  async cmd(line: string): Promise<string> {
    const marker = `/zkcli-sentinel-${++this.sentinel}`;
    this.process.send(line);
    this.process.send(`stat ${marker}`);
    const escaped = marker.replace(/[-/]/g, '\\$&');
    const match = await this.process.waitFor(new RegExp(`([\\s\\S]*?)Node does not exist: ${escaped}\\n`));
    return (match[1] ?? '').replace(/^SLF4J.*\n/gm, '');
  }

  /** Waits for a watch notification line printed asynchronously. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    return this.process.waitFor(pattern);
  }

  async quit(): Promise<void> {
    this.process.send('quit');
    await Promise.race([this.process.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await this.process.stop();
  }
}
