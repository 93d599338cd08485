/**
 * The deterministic simulation from the command line:
 *   pnpm --filter @zkts/zab sim --seed N [--steps S] [--members 3|5] [--fault NAME]
 *   pnpm --filter @zkts/zab sim --seeds N [--budget-ms T]   (soak: seeds from --seed on)
 *   --end-to-end: skip the send-order check, so a broken rule must show as lost/diverging data
 *   --broken reconnectBehind|syncWithoutWait|readAheadOfWrites: a deliberately broken client/sync option
 *   --guarantees: also check the clients' history with checkZooKeeperGuarantees (read-guarantees test)
 * Prints one line per failing seed with its replay command and the trace before the failure.
 */
import { checkZooKeeperGuarantees } from '@zkts/linearizability';
import type { ZabFaults } from '../../src/index';
import { runSimulation } from './simulation';

const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = (argv[i] ?? '').replace(/^--/, '');
  const value = argv[i + 1];
  if (value !== undefined && !value.startsWith('--')) {
    args.set(key, value);
    i++;
  } else args.set(key, 'true');
}
const num = (key: string, fallback: number) => (args.has(key) ? Number(args.get(key)) : fallback);
const first = num('seed', 1);
const seeds = num('seeds', 1);
const steps = num('steps', 3000);
const members = num('members', 3);
const budget = num('budget-ms', Number.POSITIVE_INFINITY);
const fault = args.get('fault');
const checkSendOrder = args.get('end-to-end') !== 'true';
const guarantees = args.get('guarantees') === 'true';
const broken = args.get('broken');
const brokenOptions = ['reconnectBehind', 'syncWithoutWait', 'readAheadOfWrites'];
if (broken !== undefined && !brokenOptions.includes(broken)) throw new Error(`unknown --broken ${broken}`);
const brokenOption = broken === undefined ? {} : { [broken]: true };
const faults: ZabFaults | undefined = fault === undefined ? undefined : { [fault]: true };

const started = performance.now();
let failures = 0;
let ran = 0;
let committed = 0;
for (let seed = first; seed < first + seeds && performance.now() - started < budget; seed++) {
  const result = runSimulation({
    seed,
    steps,
    members,
    checkSendOrder,
    ...brokenOption,
    ...(faults ? { faults } : {}),
  });
  ran++;
  committed += result.stats.committed;
  if (result.violation === undefined && guarantees) {
    const verdict = checkZooKeeperGuarantees(result.history, { maxSteps: 2_000_000 });
    if (verdict.outcome === 'illegal') result.violation = `${verdict.guarantee}: ${verdict.message}`;
    else if (verdict.outcome === 'unknown')
      console.log(`seed ${seed}: guarantees undecided (${verdict.reason})`);
  }
  if (result.violation === undefined) continue;
  failures++;
  console.log(replayLine(seed, result.violation));
  console.log(result.trace.slice(-40).join('\n'));
}
const seconds = (performance.now() - started) / 1000;
console.log(`${ran} seeds, ${failures} failing, ${committed} txns committed, ${seconds.toFixed(1)} s`);
process.exitCode = failures > 0 ? 1 : 0;

function replayLine(seed: number, violation: string): string {
  const extra = `${members === 3 ? '' : ` --members ${members}`}${fault ? ` --fault ${fault}` : ''}${checkSendOrder ? '' : ' --end-to-end'}${broken ? ` --broken ${broken}` : ''}${guarantees ? ' --guarantees' : ''}`;
  return `seed ${seed} FAILED: ${violation}\n  replay: npx -y pnpm@12.4.2 --filter @zkts/zab sim --seed ${seed} --steps ${steps}${extra}`;
}
