# Exploration probe used to learn ZooKeeper 3.8.0's behaviour (results are written down in the tests).
# Usage: /usr/bin/python3 explore-watch-4lw.py <port of a real ZooKeeper; the acl probe wants superDigest super:secret>
import sys, socket
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from zkprobe import Client
P=int(sys.argv[1])
def flw(w):
    s=socket.create_connection(('127.0.0.1',P)); s.sendall(w.encode()); out=b''
    while True:
        c=s.recv(4096)
        if not c: break
        out+=c
    return out.decode()
m=Client(P)
for p in ['/q','/q/a','/q/b']: m.create(p)
def mntr(): return [l for l in flw('mntr').splitlines() if 'watch' in l]
print('baseline', flw('wchs'), mntr())
w1=Client(P); w1.get_data('/q', True); w1.exists('/q', True); w1.get_children('/q', True)
print('w1 data+exists+child /q:', flw('wchs'), mntr())
w1.add_watch('/q/a', 0)
print('w1 + persistent /q/a:', flw('wchs'), mntr())
w2=Client(P); w2.add_watch('/q', 1); w2.exists('/missing', True)
print('w2 recursive /q + exists /missing:', flw('wchs'), mntr())
print('wchc:', flw('wchc')); print('wchp:', flw('wchp'))
print('sessions', hex(w1.session), hex(w2.session))
