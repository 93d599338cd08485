#!/bin/bash
# Starts three real ZooKeeper 3.8 participants (and names a fourth, absent observer) on
# loopback, waits until they serve, and saves what mntr, srvr, stat and conf answer on each:
# the reference for zkts's ensemble 4lw output (packages/server/testdata/real-zookeeper-3.8-*).
#   packages/server/scripts/capture-real-ensemble-4lw.sh [output-dir]
set -u
out=${1:-$(mktemp -d)}
base=$(mktemp -d)
pids=()
fourlw() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$2; printf $1 >&3; cat <&3" 2>/dev/null; }
for i in 1 2 3; do
  d=$base/d$i; mkdir -p "$d"; echo $i > "$d/myid"
  cat > "$d/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
dataDir=$d
clientPort=$((21880+i))
clientPortAddress=127.0.0.1
4lw.commands.whitelist=*
admin.enableServer=false
server.1=127.0.0.1:28881:38881
server.2=127.0.0.1:28882:38882
server.3=127.0.0.1:28883:38883
server.4=127.0.0.1:28884:38884:observer
CFG
  java -Xms32m -Xmx128m -cp /usr/share/java/zookeeper.jar \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$d/zoo.cfg" > "$base/log$i.txt" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 60); do
  sleep 1
  ok=0
  for i in 1 2 3; do fourlw srvr $((21880+i)) | grep -q Mode && ok=$((ok+1)); done
  [ $ok = 3 ] && break
done
for i in 1 2 3; do
  for word in mntr srvr stat conf; do fourlw $word $((21880+i)) > "$out/$word$i.txt"; done
done
kill "${pids[@]}"
wait
rm -rf "$base"
echo "answers in $out"
