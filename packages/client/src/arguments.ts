/**
 * Run-time checks of per-call arguments, for JavaScript callers the types cannot stop: a
 * version given where options belong, a mode given as a bare string, data that is neither a
 * string nor bytes. Each is a few `typeof` tests (no schema on the hot path) and throws a
 * TypeError that says what was expected, instead of silently ignoring the argument.
 */

/** What a value looks like in an error message: its type and, for primitives, the value. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'object':
      return `an object (${value.constructor?.name ?? 'no prototype'})`;
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Options must be absent or a plain object (anything else is a misplaced positional argument),
 * with only the keys the operation takes: a misspelt or guessed one (`{ ephemeral: true }`,
 * `{ wach: true }`) would otherwise be ignored without a word.
 */
export function checkOptions(
  operation: string,
  options: unknown,
  example: string,
  known: readonly string[],
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${operation}: options must be an object like ${example}; got ${describeValue(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${operation}: unknown option ${JSON.stringify(key)} (it takes ${known.join(', ')})`,
      );
    }
  }
}

/**
 * The expected version of delete / setData / setACL: `{ version }`, or the version itself as a
 * number (as zkCli, the Java client and `transaction()` take it). −1 (the default) matches any.
 */
export function expectedVersion(
  operation: string,
  options: unknown,
  known: readonly string[] = ['version'],
): number {
  if (typeof options !== 'number') checkOptions(operation, options, '{ version: 3 }', known);
  const version =
    typeof options === 'number'
      ? options
      : typeof options === 'object' && options !== null && 'version' in options
        ? options.version
        : undefined;
  if (version === undefined) return -1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < -1 || version > 0x7fffffff) {
    throw new TypeError(
      `${operation}: the version must be an integer from -1 (any) to 2147483647; got ${describeValue(version)}`,
    );
  }
  return version;
}
