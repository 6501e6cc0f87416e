// How a secret is registered with the agent: task-lib refuses a multi-line secret, and the agent masks line by line.

/** Lines of a multi-line secret shorter than this (the `Zw==` tail of a key) would mask unrelated text. */
const MIN_LINE_LENGTH = 8;

/**
 * The values to register for one secret: the value itself when it is one line; otherwise each substantial line
 * (trimmed), leaving out short lines and PEM armour such as `-----BEGIN PRIVATE KEY-----`, which are not secret.
 */
export function secretLines(value: string): string[] {
  if (!/[\r\n]/.test(value)) return value.trim() ? [value] : [];
  return value
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_LINE_LENGTH && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(line));
}
