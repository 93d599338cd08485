"""kazoo (python3-kazoo) scenarios for the interop suite.

Usage: kazoo_client.py SCENARIO HOST:PORT [PROXY_HOST:PORT]
(host lists work too: test/ensemble/failover-interop.test.ts runs resume on an ensemble)

Prints one JSON object per line: {"step": ..., ...} observations, and finally
{"done": true}. The resume scenario prints {"cut": true} and waits for a line on stdin,
after which the test has cut the TCP connection through its proxy.
"""

import json
import sys
import threading

from kazoo.client import KazooClient
from kazoo.exceptions import (
    BadVersionError,
    NoAuthError,
    NodeExistsError,
    NoNodeError,
    NotEmptyError,
)
from kazoo.protocol.states import KazooState
from kazoo.security import make_digest_acl


def emit(**fields):
    print(json.dumps(fields), flush=True)


def error_name(fn):
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - the class name is the observation
        return type(error).__name__
    return None


def client(hosts, **kwargs):
    zk = KazooClient(hosts=hosts, timeout=10.0, **kwargs)
    zk.start(timeout=10)
    return zk


def crud(hosts):
    zk = client(hosts)
    zk.ensure_path("/kz")
    emit(step="create", path=zk.create("/kz/a", b"hello"))
    data, stat = zk.get("/kz/a")
    emit(step="get", data=data.decode(), version=stat.version, length=stat.data_length)
    stat = zk.set("/kz/a", b"world", version=0)
    emit(step="set", version=stat.version)
    emit(step="bad version", error=error_name(lambda: zk.set("/kz/a", b"x", version=0)))
    emit(step="exists twice", error=error_name(lambda: zk.create("/kz/a")))
    zk.create("/kz/a/kid")
    emit(step="not empty", error=error_name(lambda: zk.delete("/kz/a")))
    emit(step="children", children=sorted(zk.get_children("/kz/a")))
    zk.delete("/kz/a", recursive=True)
    emit(step="gone", exists=zk.exists("/kz/a") is not None)
    emit(step="no node", error=error_name(lambda: zk.get("/kz/a")))
    zk.stop()


def ephemeral(hosts):
    zk = client(hosts)
    other = client(hosts)
    zk.ensure_path("/kz/q")
    emit(step="sequential", path=zk.create("/kz/q/job-", b"", sequence=True))
    path = other.create("/kz/q/lock-", b"", ephemeral=True, sequence=True)
    emit(step="ephemeral sequential", path=path)
    stat = zk.exists(path)
    emit(step="owner is the session", same=stat.ephemeralOwner == other.client_id[0])
    emit(step="no children for ephemerals", error=error_name(lambda: zk.create(path + "/kid")))
    deleted = threading.Event()
    zk.exists(path, watch=lambda event: deleted.set())
    other.stop()
    other.close()
    emit(step="deleted on close", fired=deleted.wait(10), exists=zk.exists(path) is not None)
    zk.stop()


def watches(hosts):
    zk = client(hosts)
    other = client(hosts)
    zk.ensure_path("/kz/w")
    events = []
    fired = threading.Event()

    def record(event):
        events.append([event.type, event.path])
        if len(events) == 2:
            fired.set()

    zk.get("/kz/w", watch=record)
    zk.get_children("/kz/w", watch=record)
    other.set("/kz/w", b"v1")
    other.set("/kz/w", b"v2")
    other.create("/kz/w/kid")
    emit(step="fired", fired=fired.wait(10))
    zk.exists("/kz")  # round trip: a duplicate event would arrive before this reply
    emit(step="events", events=sorted(events))
    seen = []
    changed = threading.Event()

    @zk.DataWatch("/kz/w")
    def watcher(data, stat):  # kazoo re-arms DataWatch after every event
        seen.append(None if data is None else data.decode())
        if seen[-1] == "v4":
            changed.set()

    other.set("/kz/w", b"v3")
    other.set("/kz/w", b"v4")
    # Changes in quick succession may be seen as one: the first and last values are certain.
    emit(step="data watch", fired=changed.wait(10), first=seen[0], last=seen[-1])
    zk.stop()
    other.stop()


def transaction(hosts):
    zk = client(hosts)
    zk.ensure_path("/kz")
    t = zk.transaction()
    t.create("/kz/tx", b"top")
    t.create("/kz/tx/a", b"a")
    t.set_data("/kz/tx", b"new", version=0)
    t.check("/kz/tx/a", 0)
    emit(step="commit", results=[str(r) if not isinstance(r, Exception) else type(r).__name__ for r in t.commit()])
    t = zk.transaction()
    t.create("/kz/tx/b")
    t.delete("/kz/tx/a", version=7)
    t.create("/kz/tx/c")
    try:
        results = t.commit()
        emit(step="failed commit", results=[type(r).__name__ if isinstance(r, Exception) else str(r) for r in results])
    except Exception as error:  # noqa: BLE001
        emit(step="failed commit", raised=type(error).__name__)
    emit(step="after", children=sorted(zk.get_children("/kz/tx")))
    zk.stop()


def acl(hosts):
    owner = client(hosts, auth_data=[("digest", "carol:pw")])
    stranger = client(hosts)
    owner.ensure_path("/kz")
    acl_list = [make_digest_acl("carol", "pw", all=True)]
    owner.create("/kz/sec", b"s", acl=acl_list)
    emit(step="owner reads", data=owner.get("/kz/sec")[0].decode())
    acls, _ = owner.get_acls("/kz/sec")
    emit(step="acl", acl=[[a.perms, a.id.scheme, a.id.id] for a in acls])
    emit(step="stranger reads", error=error_name(lambda: stranger.get("/kz/sec")))
    emit(step="stranger writes", error=error_name(lambda: stranger.set("/kz/sec", b"x")))
    stranger.add_auth("digest", "carol:pw")
    emit(step="after add_auth", data=stranger.get("/kz/sec")[0].decode())
    owner.stop()
    stranger.stop()


def resume(hosts, proxy):
    states = []
    zk = KazooClient(hosts=proxy, timeout=10.0)
    zk.add_listener(lambda state: states.append(str(state)))
    zk.start(timeout=10)
    observer = client(hosts)
    session = zk.client_id[0]
    zk.ensure_path("/kz")
    zk.create("/kz/resume", b"", ephemeral=True)
    zk.create("/kz/watched", b"")
    changed = threading.Event()
    zk.get("/kz/watched", watch=lambda event: changed.set())
    reconnected = threading.Event()
    zk.add_listener(lambda state: reconnected.set() if state == KazooState.CONNECTED else None)
    emit(step="session", session=format(session, "x"))  # the ensemble test kills this session's member
    emit(cut=True)
    sys.stdin.readline()
    emit(step="reconnected", ok=reconnected.wait(15))
    zk.exists("/kz")
    emit(step="same session", same=zk.client_id[0] == session)
    # retry: in an ensemble, the observer may have been on the member the test killed
    stat = observer.retry(observer.exists, "/kz/resume")
    emit(step="ephemeral kept", kept=stat is not None and stat.ephemeralOwner == session)
    observer.retry(observer.set, "/kz/watched", b"x")
    emit(step="watch re-armed", fired=changed.wait(10))
    emit(step="states", states=states)
    zk.stop()
    observer.stop()


def expire(hosts, proxy):
    states = []
    lost = threading.Event()
    zk = KazooClient(hosts=proxy, timeout=0.8)

    def listen(state):
        states.append(str(state))
        if state == KazooState.LOST:
            lost.set()

    zk.add_listener(listen)
    zk.start(timeout=10)
    session = zk.client_id[0]
    zk.ensure_path("/kz")
    zk.create("/kz/doomed", b"", ephemeral=True)
    emit(cut=True)
    sys.stdin.readline()  # the test cut us off until the server expired the session
    emit(step="lost", lost=lost.wait(15))
    zk.retry(zk.exists, "/kz")  # kazoo starts a new session after LOST
    emit(step="new session", new=zk.client_id[0] != session)
    emit(step="ephemeral gone", gone=zk.exists("/kz/doomed") is None)
    emit(step="states", states=states)
    zk.stop()


SCENARIOS = {
    "crud": crud,
    "ephemeral": ephemeral,
    "watches": watches,
    "transaction": transaction,
    "acl": acl,
}

if __name__ == "__main__":
    name, hosts = sys.argv[1], sys.argv[2]
    if name == "resume":
        resume(hosts, sys.argv[3])
    elif name == "expire":
        expire(hosts, sys.argv[3])
    else:
        SCENARIOS[name](hosts)
    emit(done=True)
