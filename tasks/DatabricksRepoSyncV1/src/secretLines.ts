// How a secret is registered with the agent: task-lib refuses a multi-line secret, and the agent masks line by line.

/**
 * The values to register for one secret: the value itself when it is one line; otherwise each of its lines (trimmed),
 * leaving out blank lines and PEM armour such as `-----BEGIN PRIVATE KEY-----`, which are not secret and would mask
 * unrelated text.
 */
export function secretLines(value: string): string[] {
  if (!/[\r\n]/.test(value)) return value.trim() ? [value] : [];
  return value
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(line));
}
