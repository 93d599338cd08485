"""A tiny raw ZooKeeper client for probing the real server's behaviour (run with /usr/bin/python3).

kazoo 2.8 (the Debian package) has no addWatch/removeWatches/checkWatches, so this speaks the
jute protocol directly. Each call returns (err, body) and every notification received on the
connection is appended to `events` as (type, state, path), in arrival order.
"""

import socket
import struct


class Buf:
    def __init__(self):
        self.b = bytearray()

    def int(self, v):
        self.b += struct.pack('>i', v)
        return self

    def long(self, v):
        self.b += struct.pack('>q', v)
        return self

    def bool(self, v):
        self.b += b'\x01' if v else b'\x00'
        return self

    def buffer(self, v):
        if v is None:
            return self.int(-1)
        self.int(len(v))
        self.b += v
        return self

    def string(self, v):
        return self.buffer(None if v is None else v.encode())

    def strings(self, vs):
        self.int(len(vs))
        for v in vs:
            self.string(v)
        return self

    def acl(self, acl):
        self.int(len(acl))
        for perms, scheme, ident in acl:
            self.int(perms).string(scheme).string(ident)
        return self


class Reader:
    def __init__(self, data):
        self.d = data
        self.o = 0

    def int(self):
        v = struct.unpack_from('>i', self.d, self.o)[0]
        self.o += 4
        return v

    def long(self):
        v = struct.unpack_from('>q', self.d, self.o)[0]
        self.o += 8
        return v

    def buffer(self):
        n = self.int()
        if n < 0:
            return None
        v = self.d[self.o:self.o + n]
        self.o += n
        return bytes(v)

    def string(self):
        v = self.buffer()
        return None if v is None else v.decode()

    def acl(self):
        return [(self.int(), self.string(), self.string()) for _ in range(self.int())]

    def stat(self):
        names = ['czxid', 'mzxid', 'ctime', 'mtime', 'version', 'cversion', 'aversion',
                 'ephemeralOwner', 'dataLength', 'numChildren', 'pzxid']
        kinds = 'lllliiiliil'
        return {n: (self.long() if k == 'l' else self.int()) for n, k in zip(names, kinds)}


class Client:
    def __init__(self, port, host='127.0.0.1'):
        self.s = socket.create_connection((host, port))
        self.xid = 0
        self.events = []
        self.last_zxid = 0
        body = Buf().int(0).long(0).int(10000).long(0).buffer(bytes(16)).bool(False).b
        self._send(body)
        r = Reader(self._recv())
        r.int()
        self.timeout = r.int()
        self.session = r.long()

    def _send(self, body):
        self.s.sendall(struct.pack('>i', len(body)) + bytes(body))

    def _read(self, n):
        out = b''
        while len(out) < n:
            chunk = self.s.recv(n - len(out))
            if not chunk:
                raise EOFError('connection closed by server')
            out += chunk
        return out

    def _recv(self):
        (n,) = struct.unpack('>i', self._read(4))
        return self._read(n)

    def call(self, opcode, body=b'', xid=None):
        if xid is None:
            self.xid += 1
            xid = self.xid
        self._send(Buf().int(xid).int(opcode).b + bytes(body))
        while True:
            r = Reader(self._recv())
            rxid, zxid, err = r.int(), r.long(), r.int()
            if rxid == -1:
                self.events.append((r.int(), r.int(), r.string()))
                continue
            if zxid > 0:
                self.last_zxid = zxid
            if rxid == xid:
                return err, r

    # operations -----------------------------------------------------------------------------
    def auth(self, scheme, data):
        return self.call(100, Buf().int(0).string(scheme).buffer(data).b, xid=-4)[0]

    def create(self, path, data=b'', acl=((31, 'world', 'anyone'),), flags=0):
        err, r = self.call(1, Buf().string(path).buffer(data).acl(acl).int(flags).b)
        return err, (r.string() if err == 0 else None)

    def get_acl(self, path):
        err, r = self.call(6, Buf().string(path).b)
        return err, (r.acl() if err == 0 else None)

    def set_acl(self, path, acl, version=-1):
        return self.call(7, Buf().string(path).acl(acl).int(version).b)[0]

    def exists(self, path, watch=False):
        return self.call(3, Buf().string(path).bool(watch).b)[0]

    def get_data(self, path, watch=False):
        return self.call(4, Buf().string(path).bool(watch).b)[0]

    def get_children(self, path, watch=False):
        return self.call(8, Buf().string(path).bool(watch).b)[0]

    def set_data(self, path, data=b'x', version=-1):
        return self.call(5, Buf().string(path).buffer(data).int(version).b)[0]

    def delete(self, path, version=-1):
        return self.call(2, Buf().string(path).int(version).b)[0]

    def add_watch(self, path, mode):
        return self.call(106, Buf().string(path).int(mode).b)[0]

    def check_watches(self, path, wtype):
        return self.call(17, Buf().string(path).int(wtype).b)[0]

    def remove_watches(self, path, wtype):
        return self.call(18, Buf().string(path).int(wtype).b)[0]

    def set_watches2(self, rel, data=(), exist=(), child=(), persistent=(), recursive=()):
        body = Buf().long(rel).strings(list(data)).strings(list(exist)).strings(list(child))
        body.strings(list(persistent)).strings(list(recursive))
        return self.call(105, body.b, xid=-8)[0]

    def set_watches(self, rel, data=(), exist=(), child=()):
        body = Buf().long(rel).strings(list(data)).strings(list(exist)).strings(list(child))
        return self.call(101, body.b, xid=-8)[0]

    def drain(self):
        """Round-trips a harmless read so that every event queued before it has arrived."""
        self.exists('/')
        out, self.events = self.events, []
        return out

    def close(self):
        self.call(-11)
        self.s.close()
