import { defineConfig } from 'tsup';

/** The build every package shares: one ESM bundle per entry with bundled declarations. */
export function packageBuild(entry: string[] = ['src/index.ts']) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  });
}
