"""Drives kazoo (python3-kazoo) through ZooKeeper's client API, for record-fixtures.ts.

Before each command it prints "STEP <command>" and waits for a line on stdin, so the recorder
can label the frames that follow. Usage: drive-kazoo.py host:port
"""
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.protocol.serialization import int_struct, write_string
from kazoo.security import make_digest_acl, OPEN_ACL_UNSAFE


def step(name):
    print("STEP " + name, flush=True)
    sys.stdin.readline()


class AddWatch:
    """addWatch(106) by hand: kazoo 2.8 has no add_watch."""
    type = 106

    def __init__(self, path, mode):
        self.path = path
        self.mode = mode

    def serialize(self):
        return write_string(self.path) + int_struct.pack(self.mode)

    @classmethod
    def deserialize(cls, bytes, offset):
        return True


class CreateTTL:
    """createTTL(21) by hand: kazoo 2.8 cannot create TTL nodes."""
    type = 21

    def __init__(self, path, data, ttl):
        self.path, self.data, self.ttl = path, data, ttl

    def serialize(self):
        b = bytearray(write_string(self.path))
        b.extend(int_struct.pack(len(self.data)) + self.data)
        b.extend(int_struct.pack(1) + int_struct.pack(31) + write_string("world") + write_string("anyone"))
        b.extend(int_struct.pack(5))  # PERSISTENT_WITH_TTL
        b.extend(self.ttl.to_bytes(8, "big", signed=True))
        return b

    @classmethod
    def deserialize(cls, bytes, offset):
        return True


class CreateContainer(CreateTTL):
    """createContainer(19) by hand."""
    type = 19

    def __init__(self, path, data):
        super().__init__(path, data, 0)

    def serialize(self):
        b = bytearray(write_string(self.path))
        b.extend(int_struct.pack(len(self.data)) + self.data)
        b.extend(int_struct.pack(1) + int_struct.pack(31) + write_string("world") + write_string("anyone"))
        b.extend(int_struct.pack(4))  # CONTAINER
        return b


def raw(zk, request):
    result = zk.handler.async_result()
    zk._call(request, result)
    try:
        return result.get(timeout=10)
    except Exception as error:  # noqa: BLE001 - recording, not handling
        return error


def main():
    hosts = sys.argv[1]
    step("connect")
    zk = KazooClient(hosts=hosts, timeout=6.0)
    zk.start()

    step("create persistent /kazoo with data")
    zk.create("/kazoo", b"hello")
    step("create ephemeral")
    zk.create("/kazoo/eph", b"e", ephemeral=True)
    step("create persistent sequential")
    zk.create("/kazoo/seq-", b"", sequence=True)
    step("create ephemeral sequential")
    zk.create("/kazoo/eseq-", b"x", ephemeral=True, sequence=True)
    step("create include_data (create2)")
    zk.create("/kazoo/c2", b"two", include_data=True)
    step("create existing node (NodeExists)")
    try:
        zk.create("/kazoo", b"again")
    except Exception:
        pass
    step("create container (raw createContainer 19)")
    raw(zk, CreateContainer("/kazoo/container", b"c"))
    step("create TTL (raw createTTL 21)")
    raw(zk, CreateTTL("/kazoo/ttl", b"t", 60000))
    step("exists")
    zk.exists("/kazoo")
    step("exists missing (NoNode)")
    zk.exists("/kazoo/missing")
    step("get")
    zk.get("/kazoo")
    step("get missing (NoNode)")
    try:
        zk.get("/kazoo/missing")
    except Exception:
        pass
    step("set")
    zk.set("/kazoo", b"world")
    step("set bad version (BadVersion)")
    try:
        zk.set("/kazoo", b"x", version=42)
    except Exception:
        pass
    step("get_children")
    zk.get_children("/kazoo")
    step("get_children include_data (getChildren2)")
    zk.get_children("/kazoo", include_data=True)
    step("get_acls")
    zk.get_acls("/kazoo")
    step("set_acls digest acl")
    zk.set_acls("/kazoo/c2", [make_digest_acl("user", "secret", all=True)] + list(OPEN_ACL_UNSAFE))
    step("get_acls digest acl")
    zk.get_acls("/kazoo/c2")
    step("transaction (multi)")
    t = zk.transaction()
    t.create("/kazoo/tx", b"1")
    t.check("/kazoo", 1)
    t.set_data("/kazoo/tx", b"2")
    t.delete("/kazoo/tx")
    t.commit()
    step("failing transaction (multi with ErrorResults)")
    t = zk.transaction()
    t.create("/kazoo/tx2", b"1")
    t.check("/kazoo", 99)
    t.delete("/kazoo/c2")
    t.commit()
    step("sync")
    zk.sync("/kazoo")
    step("add_auth digest")
    zk.add_auth("digest", "user:secret")
    step("add_watch persistent (raw addWatch 106)")
    raw(zk, AddWatch("/kazoo", 0))
    step("add_watch persistent recursive (raw addWatch 106)")
    raw(zk, AddWatch("/kazoo", 1))
    fired = threading.Event()
    step("get with watch then set: notification")
    zk.get("/kazoo/c2", watch=lambda event: fired.set())
    zk.set("/kazoo/c2", b"changed")
    fired.wait(5)
    step("exists watch + child watch, then reconnect (kazoo 2.8 sends no SetWatches)")
    zk.exists("/kazoo/later", watch=lambda event: None)
    zk.get_children("/kazoo", watch=lambda event: None)
    zk.get("/kazoo", watch=lambda event: None)
    print("DROP", flush=True)
    sys.stdin.readline()
    deadline = time.time() + 10
    while not zk.connected and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1)
    step("idle: ping")
    time.sleep(3.5)
    step("delete")
    zk.delete("/kazoo/seq-0000000001", version=-1)
    step("delete non-empty (NotEmpty)")
    try:
        zk.delete("/kazoo")
    except Exception:
        pass
    step("close")
    zk.stop()
    zk.close()

    step("resume an unknown session: ConnectResponse with timeOut 0 (expired)")
    stale = KazooClient(hosts=hosts, timeout=6.0, client_id=(0x7fff000000000001, b"\x00" * 16))
    try:
        stale.start(timeout=3)
    except Exception:
        pass
    step("auth with an unknown scheme: AUTHFAILED (-115), then the server closes")
    try:
        stale.add_auth("nosuchscheme", "x")
    except Exception:
        pass
    time.sleep(1)
    stale.stop()
    stale.close()
    print("DONE", flush=True)


main()
