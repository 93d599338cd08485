/**
 * Jest for the TypeScript example: `npx jest -c examples/testing/jest.config.mjs`.
 * TypeScript is compiled to CommonJS by a small esbuild transform (jest-typescript-transform.cjs);
 * the `@zkts/source` condition resolves the workspace packages to their TypeScript sources,
 * which the same transform compiles.
 */
export default {
  rootDir: '.',
  testMatch: ['<rootDir>/*.jest-test.ts'],
  transform: { '\\.ts$': '<rootDir>/jest-typescript-transform.cjs' },
  testEnvironmentOptions: { customExportConditions: ['@zkts/source', 'node', 'require', 'default'] },
};
