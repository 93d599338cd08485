"""kazoo with SASL DIGEST-MD5 (sasl_options, pure-sasl) for the interop suite.

Usage: kazoo_sasl.py HOST:PORT USER PASSWORD

Creates /kazoo-sasl readable only by sasl:USER and reads it back; prints one JSON object per
line, then {"done": true}.
"""

import json
import sys

from kazoo.client import KazooClient
from kazoo.security import ACL, Id, Permissions


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main():
    hosts, user, password = sys.argv[1:4]
    options = {"mechanism": "DIGEST-MD5", "username": user, "password": password}
    zk = KazooClient(hosts=hosts, timeout=10.0, sasl_options=options)
    zk.start(timeout=15)
    emit(step="connected", state=zk.state)
    zk.create("/kazoo-sasl", b"sasl only", acl=[ACL(Permissions.ALL, Id("sasl", user))])
    data, _ = zk.get("/kazoo-sasl")
    emit(step="read", data=data.decode())
    zk.stop()
    zk.close()
    emit(done=True)


main()
