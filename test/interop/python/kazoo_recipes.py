"""Drives kazoo recipes for test/interop/recipes.test.ts; prints JSON lines.

python3 kazoo_recipes.py host:port mutex <lockPath> <insidePath> <iterations>
    kazoo's Lock with extra_lock_patterns=["-lock-"], so that it also sees Curator's and
    zkts's contenders (named _c_<guid>-lock-<seq>); counts overlaps seen at insidePath.
"""
import json
import random
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import NodeExistsError, NoNodeError


def mutex(zk, lock_path, inside_path, iterations):
    lock = zk.Lock(lock_path, "kazoo", extra_lock_patterns=["-lock-"])
    overlaps = 0
    for _ in range(iterations):
        if not lock.acquire(timeout=30):
            raise RuntimeError("lock timeout")
        try:
            try:
                zk.create(inside_path, b"kazoo", ephemeral=True)
            except NodeExistsError:
                overlaps += 1
            time.sleep(random.uniform(0.001, 0.005))
            try:
                zk.delete(inside_path)
            except NoNodeError:  # only after an overlap: the other holder deleted it
                pass
        finally:
            lock.release()
    print(json.dumps({"client": "kazoo", "iterations": iterations, "overlaps": overlaps}), flush=True)


def main():
    zk = KazooClient(hosts=sys.argv[1], timeout=10)
    zk.start()
    print(json.dumps({"ready": True}), flush=True)
    try:
        if sys.argv[2] == "mutex":
            mutex(zk, sys.argv[3], sys.argv[4], int(sys.argv[5]))
        else:
            raise ValueError(sys.argv[2])
    finally:
        zk.stop()
        zk.close()
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main()
