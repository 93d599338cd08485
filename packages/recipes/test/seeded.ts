/** A seeded PRNG (mulberry32) for fault schedules; the seed comes from RECIPES_SEED or the clock. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
  };
}

export function chooseSeed(): number {
  const fromEnv = process.env.RECIPES_SEED;
  return fromEnv === undefined ? Date.now() % 2 ** 31 : Number(fromEnv);
}

/** Runs `body` with a seed and says how to replay it if it fails. */
export async function withSeed(name: string, body: (seed: number) => Promise<void>): Promise<void> {
  const seed = chooseSeed();
  try {
    await body(seed);
  } catch (error) {
    console.error(
      `${name} failed with seed ${seed}; replay: RECIPES_SEED=${seed} npx vitest run packages/recipes/test`,
    );
    throw error;
  }
}
