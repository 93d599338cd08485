import { z } from 'zod';

/** Every four-letter word ZooKeeper 3.8 knows (zookeeperAdmin.md §The Four Letter Words). */
export const FOUR_LETTER_WORDS = [
  'conf',
  'cons',
  'crst',
  'dump',
  'envi',
  'ruok',
  'srst',
  'srvr',
  'stat',
  'wchs',
  'wchc',
  'dirs',
  'wchp',
  'mntr',
  'isro',
  'hash',
  'gtmk',
  'stmk',
] as const;

export type FourLetterWord = (typeof FOUR_LETTER_WORDS)[number];

/** `'*'` (every word) or the words allowed, as `4lw.commands.whitelist` lists them. */
export type FourLetterWordWhitelist = '*' | readonly FourLetterWord[];

const known = new Set<string>(FOUR_LETTER_WORDS);

/**
 * A comma (or space) separated list; `*` anywhere allows all. Unknown words are dropped, as
 * ZooKeeper does, and reported through `unknownWords` so the caller can warn.
 */
export const fourLetterWordWhitelist = z
  .union([z.string(), z.array(z.string())], {
    error: (issue) => `expected a comma-separated list of four-letter words or *, got ${String(issue.input)}`,
  })
  .transform((value) => {
    const words = (Array.isArray(value) ? value : value.split(/[\s,]+/))
      .map((word) => word.trim())
      .filter((word) => word !== '');
    const unknownWords = words.filter((word) => word !== '*' && !known.has(word));
    const whitelist: FourLetterWordWhitelist = words.includes('*')
      ? '*'
      : [...new Set(words.filter((word): word is FourLetterWord => known.has(word)))];
    return { whitelist, unknownWords };
  });

export function isFourLetterWordAllowed(whitelist: FourLetterWordWhitelist, word: string): boolean {
  return whitelist === '*' ? known.has(word) : (whitelist as readonly string[]).includes(word);
}
