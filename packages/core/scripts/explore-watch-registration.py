# Exploration probe used to learn ZooKeeper 3.8.0's behaviour (results are written down in the tests).
# Usage: /usr/bin/python3 explore-watch-registration.py <port of a real ZooKeeper; the acl probe wants superDigest super:secret>
import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from zkprobe import Client
P=int(sys.argv[1])
w=Client(P)
print('getData missing', w.get_data('/nx1', True), 'check data', w.check_watches('/nx1', 2))
print('getChildren missing', w.get_children('/nx2', True), 'check child', w.check_watches('/nx2', 1), 'check any', w.check_watches('/nx2', 3))
print('exists missing', w.exists('/nx3', True), 'check data', w.check_watches('/nx3', 2))
print('addWatch missing', w.add_watch('/nx4', 0), 'check any', w.check_watches('/nx4', 3))
a=Client(P); a.create('/noread', acl=[(2,'world','anyone')])
print('getData no READ', w.get_data('/noread', True), 'check data', w.check_watches('/noread', 2))
print('exists no READ', w.exists('/noread', True), 'check data', w.check_watches('/noread', 2))
print('getChildren no READ', w.get_children('/noread', True), 'check child', w.check_watches('/noread', 1))
print('addWatch no READ', w.add_watch('/noread', 0), 'check', w.check_watches('/noread', 3))
