import { FOUR_LETTER_WORDS } from '../config/index';

const words = new Set<string>(FOUR_LETTER_WORDS);

/**
 * A connection's first 4 bytes are either a frame length or a four-letter word ("ruok" …). A
 * frame length never decodes to four lower-case letters within jute.maxbuffer, so the known
 * words are told apart without ambiguity. Returns the word, or null for a normal session.
 */
export function fourLetterWordIn(firstBytes: Buffer): string | null {
  if (firstBytes.length < 4) return null;
  const word = firstBytes.toString('latin1', 0, 4);
  return words.has(word) ? word : null;
}
