// Running independent Databricks requests side by side, so a sync costs as few sequential round trips as possible.

/**
 * Waits for both promises to settle, then returns both values or throws the first failure in argument order.
 * Unlike Promise.all it never leaves a request running after a failure: the run's request log stays complete and
 * the error reported does not depend on which answer came first.
 */
export async function inParallel<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/** Marks a promise as handled now because it is awaited later: an early failure elsewhere must not crash the run. */
export function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
