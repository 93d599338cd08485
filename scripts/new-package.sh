#!/usr/bin/env bash
# Scaffolds packages/<name> with the shared build, export map and tsconfig.
set -euo pipefail
name=$1; description=${2:-}
dir=packages/$name
mkdir -p "$dir/src"
cat > "$dir/package.json" <<JSON
{
  "name": "@zkts/$name",
  "version": "0.1.0",
  "description": "$description",
  "type": "module",
  "license": "Apache-2.0",
  "author": "the zkts authors",
  "keywords": ["zookeeper", "zkts", "typescript"],
  "homepage": "https://github.com/zkts/zkts/tree/main/packages/$name#readme",
  "repository": { "type": "git", "url": "git+https://github.com/zkts/zkts.git", "directory": "packages/$name" },
  "bugs": { "url": "https://github.com/zkts/zkts/issues" },
  "sideEffects": false,
  "exports": {
    ".": {
      "@zkts/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "import": "./dist/index.js",
      "default": "./dist/index.js"
    }
  },
  "publishConfig": {
    "exports": {
      ".": { "types": "./dist/index.d.ts", "import": "./dist/index.js", "default": "./dist/index.js" }
    }
  },
  "files": ["dist", "LICENSE", "NOTICE"],
  "engines": { "node": ">=20.15" },
  "scripts": { "build": "tsup", "prepack": "tsup && node ../../scripts/copy-legal-files.mjs" }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "include": ["src"]
}
JSON
cat > "$dir/tsup.config.ts" <<TS
import { packageBuild } from '../../tsup.shared';

export default packageBuild();
TS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
