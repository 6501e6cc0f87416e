// Running independent requests side by side (token requests, Databricks calls) without ever leaving one behind.

/**
 * Waits for both promises to settle, then returns both values or throws the first failure in argument order.
 * Unlike Promise.all it never leaves a request running after a failure: its retries cannot outlive the task result,
 * the run's request log stays complete, and the error reported does not depend on which answer came first.
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

/**
 * Resolves once the promise settled, either way. For a request started with awaitedLater when the run fails before
 * using it: waiting it out keeps it (and its retry timers) from outliving the failure that is about to be reported.
 */
export async function settled(promise: Promise<unknown> | undefined): Promise<void> {
  await promise?.then(
    () => undefined,
    () => undefined,
  );
}
