import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Workspace packages resolve to their TypeScript sources through the "@zkts/source" export
// condition, so tests never need a prior build. One vitest project per package, plus the
// cross-package tests under test/.
// Vitest runs tests in Vite's SSR environment, which takes its conditions from `ssr.resolve`,
// not from `resolve`: without it, workspace imports fell back to `dist/` (stale, or missing).
export default defineConfig({
  resolve: { conditions: ['@zkts/source'] },
  ssr: { resolve: { conditions: ['@zkts/source'] } },
  test: {
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/{src,test}/**/*.test.ts`] },
      })),
      {
        extends: true as const,
        test: { name: 'cross-package', include: ['test/**/*.test.ts'], exclude: ['test/ensemble/**'] },
      },
      // Ensembles of real processes (3–5 JVMs or node processes each): one file at a time, after
      // every other project, so they neither starve each other nor the rest on a 2-core machine.
      {
        extends: true as const,
        test: {
          name: 'ensemble',
          include: ['test/ensemble/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      // the examples' own test files (e.g. examples/testing: how users test with @zkts/testing)
      { extends: true as const, test: { name: 'examples', include: ['examples/**/*.test.ts'] } },
    ],
  },
});
