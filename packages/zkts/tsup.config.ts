import type { Options } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// The library entry and the `zkts` executable; the shebang is harmless in index.js.
const build: Options = {
  ...(packageBuild(['src/index.ts', 'src/cli.ts']) as Options),
  banner: { js: '#!/usr/bin/env node' },
};

export default build;
