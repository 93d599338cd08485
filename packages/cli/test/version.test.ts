import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/index';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('zkts --version', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(['--version', '-v', 'version'])('%s prints the package version and exits 0', async (flag) => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    expect(await main([flag])).toBe(0);
    expect(written.join('')).toBe(`zkts ${version}\n`);
  });
});
