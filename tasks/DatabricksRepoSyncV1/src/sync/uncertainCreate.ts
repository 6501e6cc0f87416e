// A creating POST that failed without a clear answer may or may not have taken effect: read state, then try again.

import { DatabricksError } from '../databricks/errors';

/** How many times a create is sent in all when each failure leaves nothing behind (the HTTP layer never resends it). */
export const CREATE_ATTEMPTS = 3;

/** 5xx, throttling after the budget, or no answer at all: the server may have done nothing, or everything. */
export function isUncertainFailure(error: unknown): boolean {
  return error instanceof DatabricksError && (error.status === 0 || error.status === 429 || error.status >= 500);
}

export function failureReason(error: unknown): string {
  if (!(error instanceof DatabricksError)) return 'an error';
  return error.status === 0 ? 'no answer' : `HTTP ${error.status}`;
}
