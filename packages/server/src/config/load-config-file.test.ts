import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './load-config-file';

describe('loadConfigFile', () => {
  it('reads and parses a file', async () => {
    const path = fileURLToPath(new URL('./fixtures/zoo_sample.cfg', import.meta.url));
    const { config } = await loadConfigFile(path);
    expect(config).toMatchObject({ tickTime: 2000, dataDir: '/tmp/zookeeper', clientPort: 2181 });
  });

  it('names the path of a missing file', async () => {
    await expect(loadConfigFile('/nonexistent/zoo.cfg')).rejects.toThrow(
      '/nonexistent/zoo.cfg: cannot read the configuration file (ENOENT)',
    );
  });
});
