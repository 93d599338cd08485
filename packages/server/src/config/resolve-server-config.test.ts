import { describe, expect, it } from 'vitest';
import { isFourLetterWordAllowed } from './four-letter-words';
import { parseZooCfg } from './parse-zoo-cfg';
import { resolveServerConfig } from './resolve-server-config';

describe('resolveServerConfig', () => {
  it('applies defaults when nothing is given', () => {
    const { config, warnings } = resolveServerConfig({});
    expect(warnings).toEqual([]);
    expect(config).toEqual(parseZooCfg('').config);
  });

  it('lets flags override the file and keeps the rest of the file', () => {
    const file = parseZooCfg('tickTime=2000\nclientPort=2181\ndataDir=/data').settings;
    const { config } = resolveServerConfig({ clientPort: '2182', dataDir: undefined }, file);
    expect(config).toMatchObject({ tickTime: 2000, clientPort: 2182, dataDir: '/data' });
  });

  it('re-derives default session timeouts from a tickTime flag, but keeps stated ones', () => {
    const file = parseZooCfg('tickTime=2000\nmaxSessionTimeout=100000').settings;
    const { config } = resolveServerConfig({ tickTime: 500 }, file);
    expect(config).toMatchObject({ tickTime: 500, minSessionTimeout: 1000, maxSessionTimeout: 100000 });
  });

  it('accepts typed and string flags alike', () => {
    const typed = resolveServerConfig({ forceSync: false, fourLetterWordWhitelist: ['ruok', 'stat'] }).config;
    const strings = resolveServerConfig({ forceSync: 'no', fourLetterWordWhitelist: 'ruok,stat' }).config;
    expect(typed).toEqual(strings);
    expect(typed.fourLetterWordWhitelist).toEqual(['ruok', 'stat']);
  });

  it('names the flag, the value and what was expected', () => {
    expect(() => resolveServerConfig({ clientPort: 'x' })).toThrow(
      'clientPort: expected a port number in 0..65535, got "x"',
    );
    expect(() => resolveServerConfig({ tickTime: 0 })).toThrow(
      'tickTime: expected a positive integer, got 0',
    );
    expect(() => resolveServerConfig({ minSessionTimeout: 9000, maxSessionTimeout: 8000 })).toThrow(
      'minSessionTimeout (9000) must not exceed maxSessionTimeout (8000)',
    );
    expect(() =>
      resolveServerConfig({
        servers: [
          { id: 1, host: 'a', quorumPort: 1, electionPort: 2, role: 'participant' },
          { id: 1, host: 'b', quorumPort: 1, electionPort: 2, role: 'participant' },
        ],
      }),
    ).toThrow('server.1: defined more than once');
  });
});

describe('isFourLetterWordAllowed', () => {
  it('allows listed words, every known word for *, and never an unknown word', () => {
    expect(isFourLetterWordAllowed(['srvr'], 'srvr')).toBe(true);
    expect(isFourLetterWordAllowed(['srvr'], 'ruok')).toBe(false);
    expect(isFourLetterWordAllowed('*', 'mntr')).toBe(true);
    expect(isFourLetterWordAllowed('*', 'kill')).toBe(false);
  });
});
