import { NULL_DATA } from '@zkts/core';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * znode data for the terminal: UTF-8 text as it is, anything else (invalid UTF-8, control
 * characters) as `0x` and hex, so binary data is readable and never garbles the terminal.
 * A null value (created without data) prints as zkCli prints it: `null`.
 */
export function dataText(data: Uint8Array): string {
  if (data === NULL_DATA) return 'null';
  const text = decodeText(data);
  return text ?? `0x${Buffer.from(data).toString('hex')}`;
}

export function decodeText(data: Uint8Array): string | undefined {
  try {
    const text = strict.decode(data);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mark binary data
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Data for --json: text when it is text, else base64. */
export function dataJson(data: Uint8Array): { text: string } | { base64: string } | null {
  if (data === NULL_DATA) return null;
  const text = decodeText(data);
  return text === undefined ? { base64: Buffer.from(data).toString('base64') } : { text };
}
