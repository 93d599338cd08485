import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index';
import { digestUsers, parseJaasConfig } from './jaas-config';

const JAAS = `
// ZooKeeper's server side, as its SASL guide writes it
Server {
  org.apache.zookeeper.server.auth.DigestLoginModule required
    user_super="adminsecret"
    user_alice="se\\"cret; with } and =";
};
/* the client side of the same file */
Client {
  org.apache.zookeeper.server.auth.DigestLoginModule required username="alice" password="x";
};
`;

describe('JAAS login configuration', () => {
  it('reads the DigestLoginModule users of a section, quoted values and comments included', () => {
    const sections = parseJaasConfig(JAAS, 'jaas.conf');
    expect([...sections.keys()]).toEqual(['Server', 'Client']);
    expect(digestUsers(sections, 'Server')).toEqual(
      new Map([
        ['super', 'adminsecret'],
        ['alice', 'se"cret; with } and ='],
      ]),
    );
    expect(digestUsers(sections, 'Client')).toEqual(new Map());
    expect(digestUsers(sections, 'Missing')).toBeUndefined();
  });

  it('names what is wrong in a broken file', () => {
    expect(() => parseJaasConfig('Server { m required a="b" ', 'jaas.conf')).toThrow(ConfigError);
    expect(() => parseJaasConfig('Server { m required a "b"; };', 'jaas.conf')).toThrow(
      /jaas\.conf: expected "=" in the JAAS file, got "b"/,
    );
  });
});
