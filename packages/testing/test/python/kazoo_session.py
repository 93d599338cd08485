"""kazoo against a zkts test server or ensemble: an ephemeral that must survive a restart (or
the death of the member it is on), then the session's expiry. Prints one JSON line per observation; waits for a line on stdin between steps."""
import json
import sys
import threading

from kazoo.client import KazooClient, KazooState

lost = threading.Event()


def say(**observation):
    print(json.dumps(observation), flush=True)


zk = KazooClient(hosts=sys.argv[1], timeout=30)
zk.add_listener(lambda state: lost.set() if state == KazooState.LOST else None)
zk.start(timeout=10)
zk.create('/kz', b'hi', ephemeral=True)
session = zk.client_id[0]
say(step='created', session=str(session))

sys.stdin.readline()  # the test restarted the server (or killed the member)
zk.retry(zk.sync, '/')  # a request in flight when the connection dropped is retried
data, stat = zk.retry(zk.get, '/kz')
say(step='after-restart', same_session=zk.client_id[0] == session, data=data.decode(),
    owner=str(stat.ephemeralOwner))

sys.stdin.readline()  # the test expired the session
say(step='expired', lost=lost.wait(10))
zk.stop()
say(step='done')
