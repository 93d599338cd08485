#!/usr/bin/env bash
# Packaging check: zkts as a user meets it from npm. Packs every package (prepack builds it),
# installs the tarballs into a throw-away app outside the workspace, and there runs the README's
# first example from ESM and from CommonJS, type-checks it as a TypeScript consumer (nodenext and
# bundler resolution), runs `npx zkts --version` / `npx zkts server --help`, stops a one-process
# server with SIGTERM, and runs @arethetypeswrong/cli on every tarball.
# Usage: bash scripts/pack-check.sh   (about a minute; needs the npm registry for third-party deps)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/zkts-pack-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'pack-check: %s\n' "$*" >&2; exit 1; }

step "pack every package"
(cd "$root" && npx -y pnpm@12.4.2 -r --filter "./packages/*" pack --pack-destination "$work/tarballs" >"$work/pack.log" 2>&1) ||
  { cat "$work/pack.log"; fail "pnpm pack failed"; }
for tarball in "$work"/tarballs/*.tgz; do
  listing="$(tar tzf "$tarball")"
  for required in package/LICENSE package/NOTICE package/package.json package/dist/index.js package/dist/index.d.ts; do
    grep -qx "$required" <<<"$listing" || fail "$(basename "$tarball") lacks $required"
  done
  if grep -q '^package/src/' <<<"$listing"; then fail "$(basename "$tarball") ships src/"; fi
  # scripts may name the source condition (a dev-only sim runner does); exports and deps may not
  manifest="$(tar xzf "$tarball" -O package/package.json | node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8")); delete m.scripts; process.stdout.write(JSON.stringify(m))')"
  if grep -q '@zkts/source\|workspace:' <<<"$manifest"; then
    fail "$(basename "$tarball"): the published package.json still names @zkts/source or workspace:"
  fi
done

step "install the tarballs into an app outside the workspace"
app="$work/app"
mkdir -p "$app"
printf '{ "name": "zkts-pack-check-app", "private": true }\n' >"$app/package.json"
(cd "$app" && npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz @types/node@20 typescript@5.9.3)

step "the README's first example, from ESM and from CommonJS"
# The first ```ts block of README.md, as a reader copies it.
awk '/^```ts$/ && !done { inside = 1; next } /^```$/ && inside { inside = 0; done = 1 } inside' \
  "$root/README.md" >"$app/readme.mjs"
[ -s "$app/readme.mjs" ] || fail "README.md has no ts code block"
expected=$'config = v1\none-shot: data-changed\nrecursive: data-changed /config'
# CommonJS: the same lines, with require() (Node's require(esm)) and the awaits in an async function.
{
  sed -n "s/^import \(.*\) from '\(.*\)';$/const \1 = require('\2');/p" "$app/readme.mjs"
  echo '(async () => {'
  grep -v '^import ' "$app/readme.mjs"
  echo '})();'
} >"$app/readme.cjs"
for script in readme.mjs readme.cjs; do
  output="$(cd "$app" && node "$script" 2>&1)" || fail "$script failed: $output"
  [ "$output" = "$expected" ] || fail "$script printed:\n$output"
  echo "$script: ok"
done

step "a TypeScript consumer (moduleResolution nodenext and bundler)"
cp "$app/readme.mjs" "$app/consumer.mts"
cp "$app/readme.mjs" "$app/consumer.ts"
common='"strict": true, "noEmit": true, "skipLibCheck": false, "target": "es2022", "types": ["node"]'
printf '{ "compilerOptions": { %s, "module": "nodenext", "moduleResolution": "nodenext" }, "files": ["consumer.mts"] }\n' \
  "$common" >"$app/tsconfig.nodenext.json"
printf '{ "compilerOptions": { %s, "module": "esnext", "moduleResolution": "bundler" }, "files": ["consumer.ts"] }\n' \
  "$common" >"$app/tsconfig.bundler.json"
for config in nodenext bundler; do
  (cd "$app" && npx tsc -p "tsconfig.$config.json") || fail "tsc ($config) failed"
  echo "tsc $config: ok"
done

step "the zkts command"
version="$(cd "$app" && npx --no-install zkts --version)"
[ "$version" = "zkts $(node -p "require('$root/packages/zkts/package.json').version")" ] ||
  fail "npx zkts --version printed: $version"
(cd "$app" && npx --no-install zkts server --help) | grep -q -- '--port' || fail "npx zkts server --help has no --port"
echo "$version; server --help: ok"

step "a one-process server stops on SIGTERM"
(cd "$app" && exec node node_modules/zkts/dist/cli.js server --port 0 2>"$work/server.log") &
server=$!
for _ in $(seq 100); do grep -q 'serving on' "$work/server.log" && break; sleep 0.1; done
grep -q 'serving on' "$work/server.log" || { kill -9 "$server"; fail "the server did not start: $(cat "$work/server.log")"; }
kill -TERM "$server"
code=0
wait "$server" || code=$?
[ "$code" = 0 ] || fail "after SIGTERM the server exited with $code"
echo "SIGTERM: exit 0"

step "are the types wrong? (every package)"
# esm-only profile: the packages are ESM; CommonJS callers use require(esm) (Node >= 20.19),
# which attw's model of node16-from-CJS does not know yet (the README example above proves it).
for tarball in "$work"/tarballs/*.tgz; do
  "$root/node_modules/.bin/attw" --profile esm-only --no-emoji --no-color --format ascii "$tarball" >"$work/attw.log" 2>&1 ||
    { cat "$work/attw.log"; fail "attw found problems in $(basename "$tarball")"; }
  echo "$(basename "$tarball"): ok"
done
step "pack-check passed"
