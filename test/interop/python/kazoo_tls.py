"""kazoo over TLS (use_ssl) for the interop suite.

Usage: kazoo_tls.py HOST:PORT CA CERTFILE KEYFILE DN

Connects with the client certificate, creates /kazoo-tls readable only by x509:DN and reads
it back; prints one JSON object per line, then {"done": true}.
"""

import json
import sys

from kazoo.client import KazooClient
from kazoo.security import ACL, Id, Permissions


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main():
    hosts, ca, certfile, keyfile, dn = sys.argv[1:6]
    zk = KazooClient(hosts=hosts, timeout=10.0, use_ssl=True, ca=ca, certfile=certfile, keyfile=keyfile)
    zk.start(timeout=15)
    emit(step="connected", state=zk.state)
    acl = [ACL(Permissions.ALL, Id("x509", dn))]
    zk.create("/kazoo-tls", b"over tls", acl=acl)
    data, _ = zk.get("/kazoo-tls")
    stored, _ = zk.get_acls("/kazoo-tls")
    emit(step="read", data=data.decode(), acl=[[a.perms, a.id.scheme, a.id.id] for a in stored])
    zk.stop()
    zk.close()
    emit(done=True)


main()
