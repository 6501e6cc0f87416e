// Assertions of the conformance suite: the SDK's typed result names only fields the SDK's model declares, an id
// survived the SDK's double parsing, and an SDK error carries the emulator's error_code, message and status.

import * as assert from 'node:assert/strict';
import { ApiError } from '@databricks/sdk-experimental';

/**
 * Every member of an SDK model, written out once per model: the compiler checks the list against the SDK's
 * interface in both directions, so an SDK upgrade that adds or renames a field fails `npm run typecheck` here.
 */
export type ModelFields<T> = Record<keyof T, true>;

/**
 * The answer the SDK returned holds only members its model declares, or members in `beyond` — fields the real
 * service sends that this SDK version's model does not know yet, each with the reason. A field the emulator
 * misnames (`head_commit` for `head_commit_id`) lands here as unknown.
 */
export function assertModelFields<T extends object>(answer: T, fields: ModelFields<T>, beyond: Record<string, string> = {}): void {
  const unknown = Object.keys(answer).filter((key) => !Object.hasOwn(fields, key) && !Object.hasOwn(beyond, key));
  assert.deepEqual(unknown, [], `members the SDK model does not declare in ${JSON.stringify(answer)}`);
}

/** The SDK read an int64 id as a number: it must be a safe integer equal to the emulator's. */
export function assertSameId(fromSdk: number | string | undefined, expected: bigint): void {
  assert.ok(typeof fromSdk === 'number' && Number.isSafeInteger(fromSdk), `id ${String(fromSdk)} is not a safe integer`);
  assert.equal(BigInt(fromSdk), expected);
}

export interface ExpectedError {
  status: number;
  errorCode: string;
  message: string | RegExp;
}

/** The promise fails with the SDK's ApiError, holding the emulator's `error_code` and `message` and the status. */
export async function assertSdkError(promise: Promise<unknown>, expected: ExpectedError): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof ApiError, `expected the SDK's ApiError, got ${String(error)}`);
  assert.equal(error.statusCode, expected.status);
  assert.equal(error.errorCode, expected.errorCode);
  if (typeof expected.message === 'string') {
    assert.equal(error.message, expected.message);
  } else {
    assert.match(error.message, expected.message);
  }
  return error;
}

/** Collects an SDK listing (an AsyncIterable) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
  }
  return all;
}
