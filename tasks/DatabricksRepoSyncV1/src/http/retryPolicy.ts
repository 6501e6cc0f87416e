// Which failed attempts are retried, how long to wait first, and the run-wide retry budget they all share.

import { NetworkError, type HttpRequest, type HttpResponse } from './types';

const BASE_WAIT_MS = 500;
const MAX_BACKOFF_MS = 10_000;

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** Network failures worth another attempt; DNS "no such host" and TLS errors will not heal by waiting. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
]);

/** Failures where the request certainly never reached a server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The time a whole run may spend on retrying: the waits plus the retried attempts that failed again. First attempts
 * do not count, successful or not, so a slow checkout does not eat the budget and a request that timed out once still
 * gets another try. One instance per run, shared by every request, token requests included.
 */
export class RetryBudget {
  private spentMs = 0;
  private readonly totalMs: number;

  /** `totalMs`: retryTimeoutSeconds × 1000 */
  constructor(totalMs: number) {
    this.totalMs = Math.max(0, totalMs);
  }

  get remainingMs(): number {
    return Math.max(0, this.totalMs - this.spentMs);
  }

  /** Books a failed retry's time plus the coming wait; false (nothing booked) when that would overrun. */
  reserve(failedAttemptMs: number, waitMs: number): boolean {
    const cost = Math.max(0, failedAttemptMs) + Math.max(0, waitMs);
    if (this.spentMs + cost > this.totalMs) return false;
    this.spentMs += cost;
    return true;
  }
}

/** What one attempt ended with. */
export type AttemptOutcome = { response: HttpResponse; error?: undefined } | { response?: undefined; error: NetworkError };

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

export function isTransientNetworkCode(code: string): boolean {
  return TRANSIENT_NETWORK_CODES.has(code);
}

export function wasCertainlyNotSent(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}

/** A `Retry-After` value (delta seconds or HTTP date) in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month; without letters Date.parse would take '-3' for a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with equal jitter: half of the capped delay is fixed, half random, so concurrent runs spread
 * out without ever retrying at once. `attempt` is the number of the attempt that just failed (1 for the first).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_WAIT_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/**
 * Pays for one more try of a request the HTTP layer leaves to its caller (a creating POST sent again after a re-read
 * showed it made nothing): backoff as for any retry, booked on the run's budget with the failed retry's own time,
 * then the wait. False, without waiting, when the budget cannot pay. `attempt` is the number of the try that just
 * failed (1 for the first, whose time the budget does not count, as in the HTTP layer).
 */
export async function waitForResend(
  budget: RetryBudget,
  attempt: number,
  failedAttemptMs: number,
  timing: { sleep: (ms: number) => Promise<void>; random: () => number },
  retryAfter?: string,
): Promise<boolean> {
  // The server's Retry-After wins, as for every other retry; the budget decides whether it can be paid.
  const waitMs = parseRetryAfter(retryAfter, Date.now()) ?? backoffDelay(attempt, timing.random);
  if (!budget.reserve(attempt > 1 ? failedAttemptMs : 0, waitMs)) return false;
  await timing.sleep(waitMs);
  return true;
}

/** Whether this outcome may be tried again at all, before any budget question. */
export function isRetryable(outcome: AttemptOutcome, request: HttpRequest): boolean {
  // As the HttpRequest contract says: a POST counts as creating something unless its caller says otherwise.
  const idempotent = request.idempotent ?? request.method !== 'POST';
  if (outcome.error) {
    const { code, maybeSent } = outcome.error;
    if (!isTransientNetworkCode(code)) return false;
    // A creating POST that may have reached the server is surfaced so the caller reads state first.
    return idempotent || !maybeSent;
  }
  const { status } = outcome.response;
  if (!isTransientStatus(status)) return false;
  // A 5xx to a creating POST may hide a partial create; only 429 says the server did nothing.
  return idempotent || status === 429;
}

/** How long to wait before the next attempt: the server's Retry-After when given, otherwise backoff. */
export function waitBeforeRetry(outcome: AttemptOutcome, attempt: number, random: () => number, nowMs: number): number {
  const retryAfter = outcome.response ? parseRetryAfter(outcome.response.headers['retry-after'], nowMs) : undefined;
  return retryAfter ?? backoffDelay(attempt, random);
}
