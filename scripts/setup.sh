#!/usr/bin/env bash
# Installs everything zkts needs on a fresh Debian machine: the reference Apache ZooKeeper 3.8
# and its real clients (used by interop, differential and benchmark runs), the JS dependencies,
# and the package builds.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(zookeeper zookeeper-bin python3-kazoo default-jre-headless
  libcurator-client-java libcurator-framework-java libcurator-recipes-java libcurator-discovery-java)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages (${missing[*]}); interop tests against the real ZooKeeper will fail" >&2
  fi
fi

npx -y pnpm@12.4.2 install --frozen-lockfile
npx -y pnpm@12.4.2 run build
