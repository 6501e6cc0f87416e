// A creating POST that failed without a clear answer may or may not have taken effect: read state, then try again.

import { DatabricksError } from '../databricks/errors';
import { classifyAnswer } from '../http/retryPolicy';

/** How many times a create is sent in all when each failure leaves nothing behind (the HTTP layer never resends it). */
export const CREATE_ATTEMPTS = 3;

/**
 * Waits before a create is sent again, and says whether it may be: false (without waiting) when the run's retry
 * budget cannot pay for another try, so the caller rethrows the last error. `attempt` is the number of the create
 * that just failed (1 for the first). A resent create is a retry, paid from the budget like those of the HTTP layer
 * (SPEC §4.4): its wait here, its own time by the HTTP layer.
 */
export type ResendPause = (attempt: number, retryAfter?: string) => Promise<boolean>;

/** No wait and no budget: for callers without a run around them (tests, tools). */
export const RESEND_AT_ONCE: ResendPause = () => Promise.resolve(true);

/**
 * 5xx or no answer at all: the server may have done nothing, or everything. Not 429: the server certainly did
 * nothing, and the HTTP layer already retries a 429 to a creating POST within the budget, so one that reaches the
 * sync means the budget is spent; reading state again or resending would only spend more.
 */
export function isUncertainFailure(error: unknown): boolean {
  if (!(error instanceof DatabricksError)) return false;
  if (error.status === 0 || error.status >= 500) return true;
  // TEMPORARILY_UNAVAILABLE or "deadline exceeded" at a 4xx: the server may have acted, as with a 503 (SPEC §4.4).
  return classifyAnswer(error.status, error.errorCode, error.serverMessage) === 'transient';
}

/**
 * After an uncertain failure that a re-read showed made nothing: whether to send the create again. At most
 * CREATE_ATTEMPTS creates in all, each resend after the pause (backoff paid from the run's retry budget).
 */
export async function mayResend(error: unknown, attempt: number, pause: ResendPause): Promise<boolean> {
  if (!isUncertainFailure(error) || attempt >= CREATE_ATTEMPTS) return false;
  return pause(attempt, (error as DatabricksError).retryAfter);
}

export function failureReason(error: unknown): string {
  if (!(error instanceof DatabricksError)) return 'an error';
  return error.status === 0 ? 'no answer' : `HTTP ${error.status}`;
}
