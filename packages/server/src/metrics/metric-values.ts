import type { EnsembleView } from '../ensemble/ensemble-view';
import { javaDouble } from '../four-letter-words/format';
import { inScope, METRICS, type MetricDefinition, type MetricsSource } from './metric-catalog';
import { QUANTILES, type Summary } from './summary';

/** One value of a metric, as mntr and Prometheus print it. */
export interface MetricSample {
  /** mntr's key (`zk_` + name, summaries as `zk_avg_<name>` …). */
  key: string;
  value: string | number;
}

/** The `key<TAB>value` figures of `mntr`, in ZooKeeper's order, for this server's role. */
export function monitorSamples(source: MetricsSource, ensemble: EnsembleView | undefined): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const definition of METRICS) {
    if (!inScope(definition, ensemble)) continue;
    samples.push(...samplesOf(definition, source, ensemble));
  }
  return samples;
}

function samplesOf(
  definition: MetricDefinition,
  source: MetricsSource,
  ensemble: EnsembleView | undefined,
): MetricSample[] {
  const key = `zk_${definition.name}`;
  switch (definition.type) {
    case 'text':
      return [{ key, value: definition.read(source, ensemble) }];
    case 'gauge':
    case 'counter': {
      const value = definition.read(source, ensemble);
      if (value === undefined) return [];
      return [{ key, value: definition.type === 'gauge' && definition.double ? javaDouble(value) : value }];
    }
    case 'summary':
      return summarySamples(definition.name, definition.read(source, ensemble), definition.quantiles);
  }
}

/** avg/min/max/cnt/sum, then p50/p95/p99/p999 for summaries with quantiles (ZooKeeper's order). */
function summarySamples(name: string, summary: Summary | undefined, quantiles: boolean): MetricSample[] {
  const samples: MetricSample[] = [
    { key: `zk_avg_${name}`, value: javaDouble(summary?.average ?? 0) },
    { key: `zk_min_${name}`, value: summary?.min ?? 0 },
    { key: `zk_max_${name}`, value: summary?.max ?? 0 },
    { key: `zk_cnt_${name}`, value: summary?.count ?? 0 },
    { key: `zk_sum_${name}`, value: summary?.sum ?? 0 },
  ];
  if (quantiles) {
    for (const { label, q } of QUANTILES)
      samples.push({ key: `zk_${label}_${name}`, value: summary?.quantile(q) ?? 0 });
  }
  return samples;
}

/**
 * The metrics in the Prometheus text format (0.0.4), named as ZooKeeper's Prometheus provider
 * names them (no `zk_` prefix): a `# HELP` and a `# TYPE` line each, gauges and counters as
 * one sample, summaries as quantile samples plus `_count` and `_sum`. Text figures are left out.
 */
export function prometheusText(source: MetricsSource, ensemble: EnsembleView | undefined): string {
  let out = '';
  for (const definition of METRICS) {
    if (!inScope(definition, ensemble) || definition.type === 'text') continue;
    const { name } = definition;
    if (definition.type === 'summary') {
      const summary = definition.read(source, ensemble);
      out += `# HELP ${name} ${definition.help}\n# TYPE ${name} summary\n`;
      if (definition.quantiles) {
        for (const { q } of QUANTILES) out += `${name}{quantile="${q}"} ${summary?.quantile(q) ?? 0}\n`;
      }
      out += `${name}_count ${summary?.count ?? 0}\n${name}_sum ${summary?.sum ?? 0}\n`;
      continue;
    }
    const value = definition.read(source, ensemble);
    if (value === undefined) continue;
    out += `# HELP ${name} ${definition.help}\n# TYPE ${name} ${definition.type}\n${name} ${value}\n`;
  }
  return out;
}
