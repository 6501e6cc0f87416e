// JSON text for the emulator's answers and requests, exact for int64 ids: Databricks writes ids above 2^53 as bare
// JSON numbers, which JSON.stringify (doubles only) cannot produce and JSON.parse cannot read back exactly.

/** A JSON value whose integers may be BigInt (written as exact JSON numbers). */
export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** JSON text of a value; bigint becomes a bare number, undefined members are left out. */
export function toJsonText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) {
    return 'null';
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => toJsonText(item)).join(',')}]`;
  }
  const members = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`);
  return `{${members.join(',')}}`;
}

// An integer of 16+ digits outside a string (a double keeps only ~15.9 digits exactly).
const LONG_INTEGER_OR_STRING = /("(?:[^"\\]|\\.)*")|(-?\d{16,})(?=\s*[,}\]]|\s*$)/g;

/** Parses JSON text; integers too long for a double arrive as decimal strings so a client's exact id survives. */
export function parseJsonText(text: string): JsonValue {
  const guarded = text.replace(LONG_INTEGER_OR_STRING, (match: string, quoted: string | undefined, digits: string | undefined) =>
    quoted !== undefined ? quoted : `"${digits ?? match}"`,
  );
  return JSON.parse(guarded) as JsonValue;
}

/** True for a plain JSON object (not an array or null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An int64 id sent by a client as a number or a decimal string; undefined when absent or not an integer. */
export function readInt64(value: JsonValue | undefined): bigint | undefined {
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    return BigInt(value);
  }
  return undefined;
}

/** A member of a JSON object when it is a string. */
export function readString(body: JsonValue | undefined, key: string): string | undefined {
  if (!isJsonObject(body)) {
    return undefined;
  }
  const member = body[key];
  return typeof member === 'string' ? member : undefined;
}
