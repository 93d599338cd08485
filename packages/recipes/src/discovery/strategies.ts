import type { ServiceInstance } from './service-instance';

/** Picks one instance of those alive now (non-empty, in id order); it may keep state between picks. */
export type ProviderStrategy = <P>(instances: readonly ServiceInstance<P>[]) => ServiceInstance<P>;

export const strategies = {
  random(random: () => number = Math.random): ProviderStrategy {
    return (instances) => instances[Math.floor(random() * instances.length)] ?? first(instances);
  },
  roundRobin(): ProviderStrategy {
    let next = 0;
    return (instances) => instances[next++ % instances.length] ?? first(instances);
  },
  /** The same instance for as long as it lives; then another, chosen by `fallback`. */
  sticky(fallback: ProviderStrategy = strategies.roundRobin()): ProviderStrategy {
    let current: string | undefined;
    return (instances) => {
      const kept = instances.find((instance) => instance.id === current);
      if (kept) return kept;
      const chosen = fallback(instances);
      current = chosen.id;
      return chosen;
    };
  },
  /** The instance that was handed out longest ago (never handed out first). */
  leastRecentlyUsed(): ProviderStrategy {
    const lastUsed = new Map<string, number>();
    let clock = 0;
    return (instances) => {
      let chosen = first(instances);
      for (const instance of instances) {
        if ((lastUsed.get(instance.id) ?? -1) < (lastUsed.get(chosen.id) ?? -1)) chosen = instance;
      }
      lastUsed.set(chosen.id, clock++);
      return chosen;
    };
  },
};

function first<P>(instances: readonly ServiceInstance<P>[]): ServiceInstance<P> {
  const instance = instances[0];
  if (instance === undefined) throw new Error('a strategy was asked to choose among no instances');
  return instance;
}
