import { describe, expect, it } from 'vitest';
import type { EnsembleMember } from '../config/index';
import { ensembleConfigText } from './config-node';

const member = (id: number, extra: Partial<EnsembleMember> = {}): EnsembleMember => ({
  id,
  role: 'participant',
  quorum: { host: '127.0.0.1', port: 2887 + id },
  election: { host: '127.0.0.1', port: 3887 + id },
  client: undefined,
  ...extra,
});

describe('/zookeeper/config data', () => {
  it('lists every member as ZooKeeper 3.8 does, then the static config version', () => {
    const text = ensembleConfigText({
      members: [
        member(1),
        member(2, { client: { host: undefined, port: 2181 } }),
        member(3, { role: 'observer', client: { host: '10.0.0.3', port: 2182 } }),
      ],
    });
    expect(text).toBe(
      [
        'server.1=127.0.0.1:2888:3888:participant',
        'server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2181',
        'server.3=127.0.0.1:2890:3890:observer;10.0.0.3:2182',
        'version=0',
      ].join('\n'),
    );
  });

  it('brackets IPv6 hosts', () => {
    const v6 = { host: '::1', port: 2888 };
    const text = ensembleConfigText({
      members: [
        member(1, { quorum: v6, election: { host: '::1', port: 3888 }, client: { host: '::1', port: 2181 } }),
      ],
    });
    expect(text).toBe('server.1=[::1]:2888:3888:participant;[::1]:2181\nversion=0');
  });
});
