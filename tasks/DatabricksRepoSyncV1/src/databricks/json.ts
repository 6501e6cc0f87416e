// int64-safe JSON: Databricks ids do not fit a JavaScript number, so they must never pass through one.

/** Fields that hold Databricks ids; they come out as decimal strings whatever their size. */
export const ID_FIELDS: ReadonlySet<string> = new Set(['id', 'credential_id', 'object_id']);

const NUMBER_TOKEN = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * Quotes every integer literal outside strings that a double cannot hold exactly, so JSON.parse keeps its digits.
 * A scanner rather than a regular expression over the whole text, because digits inside strings must stay as they are.
 */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      index = endOfString(text, index);
      continue;
    }
    if (char !== '-' && (char < '0' || char > '9')) {
      index++;
      continue;
    }
    NUMBER_TOKEN.lastIndex = index;
    const match = NUMBER_TOKEN.exec(text);
    if (!match) {
      index++;
      continue;
    }
    const token = match[0];
    const isInteger = match[1] === undefined && match[2] === undefined;
    if (isInteger && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copiedUpTo, index)}"${token}"`;
      copiedUpTo = index + token.length;
    }
    index += token.length;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Index just past the closing quote of the string that starts at `start`. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index++;
  }
  return index;
}

/** Parses a Databricks answer: big integers kept exact, and id fields always strings. Throws SyntaxError on bad JSON. */
export function parseDatabricksJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text), (key, value: unknown) =>
    ID_FIELDS.has(key) && typeof value === 'number' ? String(value) : value,
  );
}

const INT64_MAX = 2n ** 63n - 1n;

/** A decimal int64 as Databricks writes ids: no sign, no leading zero, at most 2^63 − 1. */
export function isInt64(value: string): boolean {
  return /^(0|[1-9]\d{0,18})$/.test(value) && BigInt(value) <= INT64_MAX;
}

/** Request fields that are int64: kept as decimal strings in the task, written as exact JSON numbers. */
export const INT64_REQUEST_FIELDS: ReadonlySet<string> = new Set(['git_credential_id', 'principal_id']);

/**
 * A request body as JSON with the int64 fields written as numbers, digit for digit: JSON.stringify of a number would
 * round ids above 2^53, and the API models them as int64 (databricks-sdk-go CreateRepoRequest.GitCredentialId).
 */
export function stringifyDatabricksJson(body: unknown): string {
  const marker = '\u0000int64:';
  const text = JSON.stringify(body, (key, value: unknown) =>
    INT64_REQUEST_FIELDS.has(key) && typeof value === 'string' && isInt64(value) ? `${marker}${value}` : value,
  );
  return text.replace(/"\\u0000int64:(\d{1,19})"/g, '$1');
}
