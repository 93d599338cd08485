import type { EnsembleView } from '../ensemble/ensemble-view';
import type { MetricsSource } from '../metrics/metric-catalog';
import { monitorSamples } from '../metrics/metric-values';

/** `mntr`: one `key<TAB>value` line per figure, in ZooKeeper 3.8's order and names. */
export function mntr(server: MetricsSource, ensemble?: EnsembleView): string {
  let out = '';
  for (const { key, value } of monitorSamples(server, ensemble)) out += `${key}\t${value}\n`;
  return out;
}
