/**
 * Starts the ZooKeeper C client's shell `cli_mt` on a connect string and waits for its session:
 * used by the interop suite and the ensemble failover test.
 */
import { InteractiveProcess } from '../support/interactive-process';
import { CLI_MT } from './tools';

export async function startCliMt(address: string): Promise<{ cli: InteractiveProcess; sessionId: bigint }> {
  const cli = new InteractiveProcess(CLI_MT, [address]);
  const match = await cli.waitFor(/Got a new session id: 0x([0-9a-f]+)/);
  return { cli, sessionId: BigInt(`0x${match[1]}`) };
}
