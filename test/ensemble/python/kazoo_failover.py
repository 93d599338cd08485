"""kazoo against a zkts ensemble: connect with every member's address, hold an ephemeral and a
watch, print the member it is connected to, wait for "go" on stdin (the test kills that member),
then report the session, the ephemeral and what the watch saw after the move. One JSON line per step."""
import json
import sys
import threading

from kazoo.client import KazooClient

hosts = sys.argv[1]
zk = KazooClient(hosts=hosts, timeout=6.0, connection_retry={"max_tries": -1, "delay": 0.05, "max_delay": 0.2})
zk.start(timeout=30)
events = []
fired = threading.Event()


def watch(event):
    events.append({"type": event.type, "path": event.path})
    fired.set()


zk.create("/kazoo-eph", b"", ephemeral=True)
zk.ensure_path("/kazoo-watched")
zk.get("/kazoo-watched", watch=watch)
session = zk.client_id[0]
port = zk._connection._socket.getpeername()[1]
print(json.dumps({"step": "connected", "port": port, "session": session}), flush=True)
sys.stdin.readline()

# the next call waits for kazoo to reconnect to a survivor with the same session
zk.retry(zk.set, "/kazoo-after", b"") if zk.exists("/kazoo-after") else zk.retry(zk.create, "/kazoo-after", b"x")
moved_port = zk._connection._socket.getpeername()[1]
print(
    json.dumps(
        {
            "step": "moved",
            "port": moved_port,
            "session": zk.client_id[0],
            "ephemeral": zk.exists("/kazoo-eph") is not None,
        }
    ),
    flush=True,
)
sys.stdin.readline()  # the test changes /kazoo-watched through another member
fired.wait(20)
print(json.dumps({"step": "watch", "events": events}), flush=True)
zk.stop()
zk.close()
print(json.dumps({"done": True}), flush=True)
