"""Runs watch and ACL scenarios on a real ZooKeeper and prints what it did, as JSON (stdin → stdout).

Input: {"port": N, "watch": [scenario...], "acl": [case...]} where
  scenario = {"nodes": [path...], "register": [[kind, path]...], "changes": [[kind, path]...]}
    kind of register: exists | getData | getChildren | persistent | recursive
    kind of change:   create | delete | set
  case = {"auth": [[scheme, credentials]...], "acl": [[perms, scheme, id]...], "path": p,
          "readers": [[[scheme, credentials]...]...]}  (readers optional: each calls getACL)
Output: {"watch": [[[type, path]...] per change...] per scenario,
         "acl": [{"err": e, "acl": [...] (as the superuser reads it), "reads": [[err, acl]...]}]}
Run with /usr/bin/python3 (Debian's interpreter, where python3-kazoo is not even needed).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zkprobe import Client  # noqa: E402


def run_watch(port, scenario):
    mutator = Client(port)
    for path in scenario['nodes']:
        mutator.create(path)
    watcher = Client(port)
    for kind, path in scenario['register']:
        if kind == 'exists':
            watcher.exists(path, True)
        elif kind == 'getData':
            watcher.get_data(path, True)
        elif kind == 'getChildren':
            watcher.get_children(path, True)
        else:
            watcher.add_watch(path, 1 if kind == 'recursive' else 0)
    watcher.drain()
    out = []
    for kind, path in scenario['changes']:
        if kind == 'create':
            mutator.create(path)
        elif kind == 'delete':
            mutator.delete(path)
        else:
            mutator.set_data(path)
        out.append([[t, p] for t, _s, p in watcher.drain()])
    watcher.close()
    mutator.close()
    return out


def run_acl(port, case):
    client = Client(port)
    for scheme, credentials in case['auth']:
        client.auth(scheme, credentials.encode())
    err, _ = client.create(case['path'], acl=[tuple(a) for a in case['acl']])
    acl = None
    reads = []
    if err == 0:
        superuser = Client(port)
        superuser.auth('digest', b'super:secret')
        _, acl = superuser.get_acl(case['path'])
        superuser.close()
        for auth in case.get('readers', []):
            reader = Client(port)
            for scheme, credentials in auth:
                reader.auth(scheme, credentials.encode())
            reads.append(list(reader.get_acl(case['path'])))
            reader.close()
    client.close()
    return {'err': err, 'acl': acl, 'reads': reads}


def main():
    request = json.load(sys.stdin)
    port = request['port']
    result = {
        'watch': [run_watch(port, s) for s in request.get('watch', [])],
        'acl': [run_acl(port, c) for c in request.get('acl', [])],
    }
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main()
