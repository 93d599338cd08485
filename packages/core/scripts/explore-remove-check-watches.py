# Exploration probe used to learn ZooKeeper 3.8.0's behaviour (results are written down in the tests).
# Usage: /usr/bin/python3 explore-remove-check-watches.py <port of a real ZooKeeper; the acl probe wants superDigest super:secret>
import sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from zkprobe import Client
P=int(sys.argv[1])
EV={1:'Created',2:'Deleted',3:'DataChanged',4:'ChildrenChanged',5:'DataWatchRemoved',6:'ChildWatchRemoved',7:'PersistentWatchRemoved',-1:'None'}
def show(evs): return [(EV[t], p) for t,s,p in evs]
m=Client(P)
def run(title, setup, actions):
    w=Client(P)
    setup(w)
    w.drain()
    out=[]
    for a in actions:
        r=a(w)
        out.append((r, show(w.drain())))
    print(title, out)
    w.close()
T=[1,2,3,4,5]
def checks(w): return {t: w.check_watches(PATH, t) for t in T}
PATH='/w1x'
run('nothing: check', lambda w: None, [lambda w: checks(w), lambda w: w.remove_watches(PATH, 2)])
run('exists-missing', lambda w: w.exists(PATH, True), [lambda w: checks(w), lambda w: w.remove_watches(PATH,1), lambda w: w.remove_watches(PATH,2), lambda w: checks(w), lambda w: m.create(PATH)])
m.delete(PATH); m.create(PATH)
run('getData', lambda w: w.get_data(PATH, True), [lambda w: checks(w), lambda w: w.remove_watches(PATH,3), lambda w: checks(w), lambda w: m.set_data(PATH)])
run('getChildren', lambda w: w.get_children(PATH, True), [lambda w: checks(w), lambda w: w.remove_watches(PATH,2), lambda w: w.remove_watches(PATH,1), lambda w: checks(w), lambda w: m.create(PATH+'/c')])
m.delete(PATH+'/c')
for rt in [1,2,3,4,5]:
    run('persistent remove type %d'%rt, lambda w: w.add_watch(PATH, 0), [lambda w: checks(w), lambda w, rt=rt: w.remove_watches(PATH,rt), lambda w: checks(w), lambda w: m.set_data(PATH), lambda w: m.create(PATH+'/c'), lambda w: m.delete(PATH+'/c')])
for rt in [1,2,3,4,5]:
    run('recursive remove type %d'%rt, lambda w: w.add_watch(PATH, 1), [lambda w: checks(w), lambda w, rt=rt: w.remove_watches(PATH,rt), lambda w: checks(w), lambda w: m.set_data(PATH), lambda w: m.create(PATH+'/c'), lambda w: m.delete(PATH+'/c')])
run('data+child, remove Any', lambda w: (w.get_data(PATH, True), w.get_children(PATH, True)), [lambda w: checks(w), lambda w: w.remove_watches(PATH,3), lambda w: checks(w)])
run('data+persistent, remove Data', lambda w: (w.get_data(PATH, True), w.add_watch(PATH, 0)), [lambda w: checks(w), lambda w: w.remove_watches(PATH,2), lambda w: checks(w), lambda w: m.set_data(PATH)])
run('persistent+data, remove Data', lambda w: (w.add_watch(PATH, 0), w.get_data(PATH, True)), [lambda w: checks(w), lambda w: w.remove_watches(PATH,2), lambda w: checks(w), lambda w: m.set_data(PATH), lambda w: m.set_data(PATH)])
run('persistent+recursive same path', lambda w: (w.add_watch(PATH, 0), w.add_watch(PATH, 1)), [lambda w: checks(w), lambda w: m.create(PATH+'/c'), lambda w: m.delete(PATH+'/c')])
run('remove on missing path', lambda w: None, [lambda w: w.remove_watches('/nonexistent', 3), lambda w: w.check_watches('/nonexistent', 3)])
