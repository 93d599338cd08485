import { CommandError } from './command-error';

/** zkCli prints commons-cli's exceptions whole, class name first. */
const COMMONS_CLI = 'org.apache.commons.cli.';

export interface OptionSpec {
  /** Single-letter flags without a value, e.g. `swR`. */
  flags?: string;
  /** Single-letter options taking a value, e.g. `v`. */
  values?: string;
}

export interface ParsedOptions {
  /** Positional words, the command name first (zkCli's `args`). */
  args: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/**
 * commons-cli's PosixParser as zkCli uses it: options anywhere, bundled flags (`-sw`), a value
 * joined (`-v3`) or in the next word; an unknown option fails the command.
 */
export function parseOptions(words: readonly string[], spec: OptionSpec): ParsedOptions {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const args: string[] = [];
  const flagLetters = spec.flags ?? '';
  const valueLetters = spec.values ?? '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-' || i === 0) {
      args.push(word);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const letter = word[j] ?? '';
      if (valueLetters.includes(letter)) {
        const joined = word.slice(j + 1);
        const value = joined.length > 0 ? joined : words[++i];
        if (value === undefined)
          throw new CommandError(
            `${COMMONS_CLI}MissingArgumentException: Missing argument for option: ${letter}`,
          );
        values.set(letter, value);
        break;
      }
      if (!flagLetters.includes(letter)) {
        throw new CommandError(
          `${COMMONS_CLI}UnrecognizedOptionException: Unrecognized option: ${j === 1 ? word : `-${letter}`}`,
        );
      }
      flags.add(letter);
    }
  }
  return { args, flags, values };
}
