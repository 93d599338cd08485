import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZooCfg } from './parse-zoo-cfg';
import { ConfigError, type ServerConfig } from './server-config';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** The ConfigError `parseZooCfg(text)` throws (fails the test if it does not throw one). */
function configError(text: string): ConfigError {
  try {
    parseZooCfg(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(text)}`);
}

const DEFAULTS: ServerConfig = {
  tickTime: 3000,
  initLimit: 10,
  syncLimit: 5,
  dataDir: undefined,
  dataLogDir: undefined,
  clientPort: 2181,
  clientPortAddress: '127.0.0.1',
  maxClientCnxns: 60,
  minSessionTimeout: 6000,
  maxSessionTimeout: 60000,
  globalOutstandingLimit: 1000,
  fourLetterWordWhitelist: ['srvr'],
  extendedTypesEnabled: false,
  superDigest: undefined,
  juteMaxBuffer: 0xfffff,
  forceSync: true,
  snapCount: 100000,
  commitLogCount: 500,
  snapshotSizeFactor: 0.33,
  autopurgeSnapRetainCount: 3,
  autopurgePurgeInterval: 0,
  enforceQuota: false,
  servers: [],
  metricsPort: undefined,
  peerType: undefined,
  electionPortBindRetry: 3,
  readOnlyModeEnabled: false,
  secureClientPort: undefined,
  secureClientPortAddress: '127.0.0.1',
  sslKeyStoreLocation: undefined,
  sslKeyStorePassword: undefined,
  sslKeyStoreType: undefined,
  sslTrustStoreLocation: undefined,
  sslTrustStorePassword: undefined,
  sslTrustStoreType: undefined,
  sslClientAuth: 'need',
  jaasConfig: undefined,
  saslSuperUser: undefined,
  sslEnabledProtocols: undefined,
  sslQuorum: false,
  sslQuorumKeyStoreLocation: undefined,
  sslQuorumKeyStorePassword: undefined,
  sslQuorumKeyStoreType: undefined,
  sslQuorumTrustStoreLocation: undefined,
  sslQuorumTrustStoreType: undefined,
};

describe('parseZooCfg', () => {
  it("reads the zoo_sample.cfg Debian ships (a copy of ZooKeeper's conf/zoo_sample.cfg)", () => {
    const { config, warnings, settings } = parseZooCfg(fixture('zoo_sample.cfg'));
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      ...DEFAULTS,
      tickTime: 2000,
      initLimit: 10,
      syncLimit: 5,
      dataDir: '/tmp/zookeeper',
      dataLogDir: '/tmp/zookeeper',
      clientPort: 2181,
      minSessionTimeout: 4000,
      maxSessionTimeout: 40000,
    });
    expect(settings).toEqual({
      tickTime: 2000,
      initLimit: 10,
      syncLimit: 5,
      dataDir: '/tmp/zookeeper',
      clientPort: 2181,
    });
  });

  it("applies ZooKeeper's defaults to an empty file (tickTime 3000, timeouts 2× and 20× it)", () => {
    expect(parseZooCfg('')).toEqual({ config: DEFAULTS, warnings: [], settings: {} });
  });

  it('reads every key zkts understands', () => {
    const { config, warnings } = parseZooCfg(
      [
        'tickTime=1000',
        'initLimit=20',
        'syncLimit=7',
        'dataDir=/var/lib/zk',
        'dataLogDir=/var/log/zk',
        'clientPort=0',
        'clientPortAddress=0.0.0.0',
        'maxClientCnxns=0',
        'minSessionTimeout=1500',
        'maxSessionTimeout=90000',
        'globalOutstandingLimit=5000',
        '4lw.commands.whitelist=stat, ruok ,mntr,stat',
        'extendedTypesEnabled=true',
        'zookeeper.DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=',
        'jute.maxbuffer=0x400000',
        'forceSync=no',
        'snapCount=50000',
        'autopurge.snapRetainCount=5',
        'autopurge.purgeInterval=24',
        'zookeeper.enforceQuota=true',
        'metricsPort=7000',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      tickTime: 1000,
      initLimit: 20,
      syncLimit: 7,
      dataDir: '/var/lib/zk',
      dataLogDir: '/var/log/zk',
      clientPort: 0,
      clientPortAddress: '0.0.0.0',
      maxClientCnxns: 0,
      minSessionTimeout: 1500,
      maxSessionTimeout: 90000,
      globalOutstandingLimit: 5000,
      fourLetterWordWhitelist: ['stat', 'ruok', 'mntr'],
      extendedTypesEnabled: true,
      superDigest: 'super:D/InIHSb7yEEbrWz8b9l71RjZJU=',
      juteMaxBuffer: 0x400000,
      forceSync: false,
      snapCount: 50000,
      commitLogCount: 500,
      snapshotSizeFactor: 0.33,
      autopurgeSnapRetainCount: 5,
      autopurgePurgeInterval: 24,
      enforceQuota: true,
      servers: [],
      metricsPort: 7000,
      peerType: undefined,
      electionPortBindRetry: 3,
      readOnlyModeEnabled: false,
      secureClientPort: undefined,
      secureClientPortAddress: '0.0.0.0',
      sslKeyStoreLocation: undefined,
      sslKeyStorePassword: undefined,
      sslKeyStoreType: undefined,
      sslTrustStoreLocation: undefined,
      sslTrustStorePassword: undefined,
      sslTrustStoreType: undefined,
      sslClientAuth: 'need',
      jaasConfig: undefined,
      saslSuperUser: undefined,
      sslEnabledProtocols: undefined,
      sslQuorum: false,
      sslQuorumKeyStoreLocation: undefined,
      sslQuorumKeyStorePassword: undefined,
      sslQuorumKeyStoreType: undefined,
      sslQuorumTrustStoreLocation: undefined,
      sslQuorumTrustStoreType: undefined,
    } satisfies ServerConfig);
  });

  it('reads the TLS client port and the ssl.* keys of ZooKeeper 3.8 (PEM or PKCS12 stores)', () => {
    const { config, warnings } = parseZooCfg(
      [
        'clientPortAddress=0.0.0.0',
        'secureClientPort=2281',
        'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory',
        'ssl.keyStore.location=/etc/zk/server.pem',
        'ssl.keyStore.type=pem',
        'ssl.trustStore.location=/etc/zk/ca.p12',
        'ssl.trustStore.password=changeit',
        'ssl.trustStore.type=PKCS12',
        'ssl.clientAuth=WANT',
        'java.security.auth.login.config=/etc/zk/jaas.conf',
        'authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider',
        'authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
        'authProvider.2=com.example.LdapProvider',
        'zookeeper.superUser=admin',
        'ssl.enabledProtocols=TLSv1.3, TLSv1.2',
        'sslQuorum=true',
        'ssl.quorum.keyStore.location=/etc/zk/member.p12',
        'ssl.quorum.trustStore.location=/etc/zk/ca.pem',
      ].join('\n'),
    );
    expect(config).toMatchObject({
      secureClientPort: 2281,
      secureClientPortAddress: '0.0.0.0',
      sslKeyStoreLocation: '/etc/zk/server.pem',
      sslKeyStoreType: 'PEM',
      sslTrustStoreLocation: '/etc/zk/ca.p12',
      sslTrustStorePassword: 'changeit',
      sslTrustStoreType: 'PKCS12',
      sslClientAuth: 'want',
      jaasConfig: '/etc/zk/jaas.conf',
      saslSuperUser: 'admin',
      sslEnabledProtocols: ['TLSv1.3', 'TLSv1.2'],
      sslQuorum: true,
      sslQuorumKeyStoreLocation: '/etc/zk/member.p12',
      sslQuorumTrustStoreLocation: '/etc/zk/ca.pem',
    });
    expect(configError('ssl.protocol=TLSv1.1').issues).toEqual([
      'ssl.protocol: expected TLSv1.2 and/or TLSv1.3, comma-separated, got "TLSv1.1" (line 1)',
    ]);
    expect(configError('sslQuorum=true').issues).toEqual([
      'sslQuorum: needs ssl.quorum.keyStore.location and ssl.quorum.trustStore.location (line 1)',
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/^serverCnxnFactory: a ZooKeeper setting zkts does not implement/),
      "authProvider.2: zkts cannot load the Java class com.example.LdapProvider; pass a typed provider in createServer's authProviders instead (line 13)",
    ]);
    expect(configError('secureClientPort=2281').issues).toEqual([
      expect.stringMatching(/^secureClientPort: needs ssl.keyStore.location/),
    ]);
    expect(
      configError('ssl.keyStore.location=/k.jks\nssl.keyStore.type=JKS\nssl.clientAuth=maybe').issues,
    ).toEqual([
      'ssl.keyStore.type: expected PEM or PKCS12, got "JKS" (line 2)',
      'ssl.clientAuth: expected none, want or need, got "maybe" (line 3)',
    ]);
  });

  it('accepts the zookeeper.-prefixed system-property spellings and `*` for every 4lw', () => {
    const { config } = parseZooCfg(
      [
        'zookeeper.extendedTypesEnabled=true',
        'zookeeper.4lw.commands.whitelist=*',
        'superDigest=super:abc=',
        'zookeeper.snapCount=10',
        'commitLogCount=300',
        'snapshotSizeFactor=-1',
      ].join('\n'),
    );
    expect(config).toMatchObject({
      extendedTypesEnabled: true,
      fourLetterWordWhitelist: '*',
      superDigest: 'super:abc=',
      snapCount: 10,
      commitLogCount: 300,
      snapshotSizeFactor: -1,
    });
    // the settings a caller merges flags over keep it too (a -1 there is not "the default")
    expect(parseZooCfg('snapshotSizeFactor=-1').settings).toEqual({ snapshotSizeFactor: -1 });
    expect(() => parseZooCfg('snapshotSizeFactor=lots')).toThrow(/snapshotSizeFactor: expected a number/);
  });

  it('follows Java properties syntax: `:` and space separators, ! comments, continuations, trimming', () => {
    const { config } = parseZooCfg(
      [
        '! a comment',
        '   tickTime : 2500  ',
        'clientPort 2182',
        'dataDir=/data/\\',
        '    zk',
        '#tickTime=1',
      ].join('\r\n'),
    );
    expect(config).toMatchObject({ tickTime: 2500, clientPort: 2182, dataDir: '/data/zk' });
  });

  it('names the key, the value, what was expected and the line for an invalid value', () => {
    expect(configError('# hi\ntickTime=abc').message).toBe(
      'tickTime: expected a positive integer, got "abc" (line 2)',
    );
    expect(configError('clientPort=70000').message).toBe(
      'clientPort: expected a port number in 0..65535, got "70000" (line 1)',
    );
    expect(configError('forceSync=maybe').message).toBe(
      'forceSync: expected true, false, yes or no, got "maybe" (line 1)',
    );
    expect(configError('zookeeper.enforceQuota=1').message).toBe(
      'zookeeper.enforceQuota: expected true, false, yes or no, got "1" (line 1)',
    );
    expect(configError('dataDir=').message).toBe('dataDir: expected a directory path, got "" (line 1)');
    expect(configError('tickTime=-5').message).toMatch(/^tickTime: expected a positive integer, got "-5"/);
    expect(configError('tickTime=2.5').message).toMatch(/^tickTime: expected a positive integer, got "2.5"/);
    expect(configError('snapCount=1').message).toMatch(
      /^snapCount: expected an integer of at least 2, got "1"/,
    );
    expect(configError('superDigest=nocolon').message).toMatch(/^superDigest: expected user:base64-digest/);
    expect(configError('minSessionTimeout=0').message).toMatch(
      /^minSessionTimeout: expected a positive integer/,
    );
  });

  it('reports every problem at once', () => {
    const error = configError('tickTime=abc\nsyncLimit=0\nthis is garbage');
    expect(error.issues).toEqual([
      'line 3: expected key=value, got "this is garbage"',
      'tickTime: expected a positive integer, got "abc" (line 1)',
      'syncLimit: expected a positive integer, got "0" (line 2)',
    ]);
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.name).toBe('ConfigError');
  });

  it('rejects garbage lines that are not key=value', () => {
    expect(configError('tickTime=2000\ngarbage').message).toBe('line 2: expected key=value, got "garbage"');
    expect(configError('<xml>nope</xml>').message).toBe('line 1: expected key=value, got "<xml>nope</xml>"');
  });

  it('rejects a minimum session timeout above the maximum, including defaulted ones', () => {
    expect(configError('minSessionTimeout=10000\nmaxSessionTimeout=5000').message).toBe(
      'minSessionTimeout (10000) must not exceed maxSessionTimeout (5000)',
    );
    expect(configError('tickTime=1000\nminSessionTimeout=30000').message).toBe(
      'minSessionTimeout (30000) must not exceed maxSessionTimeout (20000), the default of 20 × tickTime (1000)',
    );
    // -1 means "the default", as in ZooKeeper.
    expect(parseZooCfg('tickTime=1000\nminSessionTimeout=-1').config.minSessionTimeout).toBe(2000);
  });

  it('warns about unknown keys, ZooKeeper keys zkts ignores, repeated keys and unknown 4lw', () => {
    const { config, warnings } = parseZooCfg(
      [
        'tickTime=2000',
        'tikTime=2000',
        'admin.serverPort=8080',
        'metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider',
        'tickTime=4000',
        '4lw.commands.whitelist=ruok,blah',
        'autopurge.snapRetainCount=1',
      ].join('\n'),
    );
    expect(config.tickTime).toBe(4000);
    expect(config.fourLetterWordWhitelist).toEqual(['ruok']);
    expect(config.autopurgeSnapRetainCount).toBe(3);
    expect(warnings).toEqual([
      'tikTime: unknown key; ignored (line 2)',
      'admin.serverPort: a ZooKeeper setting zkts does not implement; ignored (line 3)',
      'metricsProvider.className: a ZooKeeper setting zkts does not implement; ignored (line 4)',
      'tickTime: set again (lines 1 and 5); the last value is used',
      'autopurge.snapRetainCount: 1 is below the minimum; using 3 (as ZooKeeper does) (line 7)',
      '4lw.commands.whitelist: unknown four-letter word "blah" ignored (line 6)',
    ]);
  });

  it('parses server.N lines into a list sorted by id', () => {
    const { config } = parseZooCfg(
      [
        'initLimit=10',
        'syncLimit=5',
        'server.3=zk3.example.com:2888:3888:observer;2181',
        'server.1=10.0.0.1:2888:3888',
        'server.2=[::1]:2889:3889:participant;127.0.0.1:2182',
      ].join('\n'),
    );
    expect(config.servers).toEqual([
      { id: 1, host: '10.0.0.1', quorumPort: 2888, electionPort: 3888, role: 'participant' },
      {
        id: 2,
        host: '::1',
        quorumPort: 2889,
        electionPort: 3889,
        role: 'participant',
        clientPort: 2182,
        clientPortAddress: '127.0.0.1',
      },
      {
        id: 3,
        host: 'zk3.example.com',
        quorumPort: 2888,
        electionPort: 3888,
        role: 'observer',
        clientPort: 2181,
      },
    ]);
  });

  it('rejects malformed server.N lines with what was expected', () => {
    expect(configError('server.1=localhost').message).toBe(
      'server.1: expected host:quorumPort:electionPort[:participant|observer][;[clientAddress:]clientPort], got "localhost" (line 1)',
    );
    expect(configError('server.1=localhost:2888:99999').message).toMatch(
      /^server\.1: expected quorum and election ports in 1\.\.65535, got "localhost:2888:99999"/,
    );
    expect(configError('server.1=localhost:2888:3888:leader').message).toMatch(
      /^server\.1: expected the role participant or observer/,
    );
    expect(configError('server.x=localhost:2888:3888').message).toMatch(
      /^server\.x: expected a server id in 0\.\.254, got "x"/,
    );
    expect(configError('server.255=localhost:2888:3888').message).toMatch(
      /^server\.255: expected a server id/,
    );
    expect(configError('server.1=localhost:2888:3888;abc').message).toMatch(
      /^server\.1: expected a client \[address:\]port after ";"/,
    );
    expect(configError('server.1=a:1:2|b:1:2').message).toMatch(
      /multiple addresses per server are not supported/,
    );
  });
});
