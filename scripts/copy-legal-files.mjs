// prepack of every package: ship the repository's LICENSE and NOTICE inside the tarball
// (npm includes them only from the package's own folder). The copies are git-ignored.
import { copyFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
for (const file of ['LICENSE', 'NOTICE']) copyFileSync(new URL(file, root), file);
