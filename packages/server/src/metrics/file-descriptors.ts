import { readdirSync, readFileSync } from 'node:fs';

/** Open file descriptors of this process (Linux /proc); undefined elsewhere. */
export function openFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

/** The process's open-files limit (Linux /proc); undefined elsewhere. */
export function maxFileDescriptors(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
