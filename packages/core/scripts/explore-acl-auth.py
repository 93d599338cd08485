# Exploration probe used to learn ZooKeeper 3.8.0's behaviour (results are written down in the tests).
# Usage: /usr/bin/python3 explore-acl-auth.py <port of a real ZooKeeper; the acl probe wants superDigest super:secret>
import sys, hashlib, base64, socket
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from zkprobe import Client
P=int(sys.argv[1])
def dig(u,p): return u+':'+base64.b64encode(hashlib.sha1((u+':'+p).encode()).digest()).decode()
A=dig('alice','pw'); B=dig('bob','pw')
a=Client(P)
for ip in ['1.2.3.4.', '1..2.3', '-0.1.2.3', ' 1.2.3.4', '1.2.3.4/+8', '1.2.3.4/08', '1.2.3.4/8/9', '1.2.3.04', '1.2.3.4 ']:
    print('ip', repr(ip), a.create('/ip'+str(hash(ip)), acl=[(31,'ip',ip)])[0])
for d in ['alice::', '::', ':', 'a:b:', ':b:']:
    print('digest', repr(d), a.create('/dg'+str(hash(d)), acl=[(31,'digest',d)])[0])
print('auth alice', a.auth('digest', b'alice:pw'))
print('auth bob', a.auth('digest', b'bob:pw'))
print('auth alice again', a.auth('digest', b'alice:pw'))
print('auth ip', a.auth('ip', b'junk'))
for name, acl in {'auth': [(31,'auth','')], 'auth-id': [(5,'auth','zzz')], 'auth+explicit': [(31,'auth',''),(31,'digest',A)],
    'explicit+auth': [(31,'digest',A),(31,'auth','')], 'auth-auth': [(31,'auth',''),(31,'auth','')], 'auth-auth2':[(31,'auth',''),(1,'auth','')],
    'auth+world': [(1,'world','anyone'),(31,'auth','')]}.items():
    err,_=a.create('/x-'+name, acl=acl); print(name, err, a.get_acl('/x-'+name))
# masking
anon=Client(P)
for name, acl in {'m-read': [(31,'digest',A),(1,'world','anyone')], 'm-admin': [(31,'digest',A),(16,'world','anyone')],
    'm-write': [(31,'digest',A),(2,'world','anyone')], 'm-ip': [(31,'digest',A),(1,'ip','127.0.0.1')], 'm-ipother': [(31,'digest',A),(31,'ip','10.0.0.1')],
    'm-readdigest-only':[(1,'digest',A),(1,'digest',B)], 'm-all-bob-read': [(16,'digest',B),(1,'digest',A)]}.items():
    print(name, a.create('/'+name, acl=acl)[0], 'owner:', a.get_acl('/'+name), 'anon:', anon.get_acl('/'+name))
b=Client(P); print('bob auth', b.auth('digest', b'bob:pw'))
print('bob on m-all-bob-read', b.get_acl('/m-all-bob-read'), 'bob on m-readdigest-only', b.get_acl('/m-readdigest-only'))
print('bob getdata m-read', b.get_data('/m-read'), 'anon getdata m-admin', anon.get_data('/m-admin'))
# super
s=Client(P); print('super auth', s.auth('digest', b'super:secret'))
print('super get_acl', s.get_acl('/m-readdigest-only'), 'super getdata perms0', s.get_data('/t-perms0'))
print('super create auth', s.create('/s-auth', acl=[(31,'auth','')]), s.get_acl('/s-auth'))
# perms -1 etc semantics
print('anon getdata perms32', anon.get_data('/t-perms32'), 'anon getdata perms100 (has 4)', anon.get_data('/t-perms100'))
# auth failures
for scheme, data in [('digest', b'nocolon'), ('foo', b'x'), ('digest', b':'), ('digest', b'alice:'), ('super', b'x'), ('world', b'anyone')]:
    c=Client(P)
    try:
        e=c.auth(scheme, data)
        try: e2=c.exists('/')
        except Exception as ex: e2=repr(ex)
    except Exception as ex: e=repr(ex); e2=None
    print('auth', scheme, data, e, 'then', e2)
c=Client(P); print('nocolon auth', c.auth('digest', b'nocolon'))
