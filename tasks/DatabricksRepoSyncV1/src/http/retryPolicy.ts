// Which failed attempts are retried, how long to wait first, and the run-wide retry budget they all share.
// The rules follow Databricks' own SDKs (databricks-sdk-go apierr/errors.go IsRetriable, apierr/error_mapping.go,
// apierr/error_overrides.go allTransientErrors): the error_code decides before the HTTP status.

import { errorFields } from './errorBody';
import { NetworkError, type HttpRequest, type HttpResponse } from './types';

/** No wait is shorter: a zero or past Retry-After must not turn a throttled server into a request storm. */
export const MIN_WAIT_MS = 500;
const MAX_BACKOFF_MS = 10_000;
/** Sends of one request in all, whatever the budget: a server answering "retry" forever does not get a flood. */
export const MAX_SENDS = 10;
/** A retry is sent only with at least this much budget left for it: one cut at once would only leave its effect unknown. */
export const MIN_ATTEMPT_MS = 1_000;

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
/** msal-node's managed-identity policy: IMDS answers 404 while the identity is not ready, 410 while it updates. */
const MANAGED_IDENTITY_STATUSES = new Set([404, 408, 410]);
/** error_codes that mean "too many requests" at any status (databricks-sdk-go maps both to ErrTooManyRequests). */
const THROTTLED_CODES = new Set(['REQUEST_LIMIT_EXCEEDED', 'RESOURCE_EXHAUSTED']);
/** error_codes that mean "try again later" at any status: the server may or may not have acted. */
const UNAVAILABLE_CODES = new Set(['TEMPORARILY_UNAVAILABLE']);
/** Messages the SDKs retry (allTransientErrors): the gateway or a backend gave up on the request. */
const TRANSIENT_MESSAGES = [/Timed out after /, /deadline exceeded/i];

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

/** Failures where the request certainly never reached a server (a proxy that refused the tunnel among them). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_PROXY_REFUSED']);

/**
 * The time a whole run may spend on retrying: the waits plus the retried attempts. First attempts do not count,
 * successful or not, so a slow checkout does not eat the budget; a retried attempt is cut short when the budget ends.
 * One instance per run, shared by every request, token requests included.
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

  /** Books a wait before a retry; false (nothing booked) when it does not fit with time for the attempt after it. */
  reserveWait(waitMs: number): boolean {
    const cost = Math.max(0, waitMs);
    if (this.spentMs + cost + MIN_ATTEMPT_MS > this.totalMs) return false;
    this.spentMs += cost;
    return true;
  }

  /** Books the time a retried attempt took (its limit was the budget left, so it never overruns by much). */
  spend(attemptMs: number): void {
    this.spentMs += Math.max(0, attemptMs);
  }
}

/** What one attempt ended with. */
export type AttemptOutcome = { response: HttpResponse; error?: undefined } | { response?: undefined; error: NetworkError };

/**
 * What a failed answer means for another try: `throttled` (the server did nothing: safe to send again, even a create),
 * `transient` (may have acted: only an idempotent request is sent again), or undefined (not retried).
 */
export type AnswerKind = 'throttled' | 'transient' | undefined;

/** Classifies a failed answer as the SDKs do: error_code first, then the message, then the HTTP status. */
export function classifyAnswer(status: number, errorCode: string | undefined, message: string | undefined, request?: Pick<HttpRequest, 'retryProfile'>): AnswerKind {
  if (status >= 200 && status < 400) return undefined;
  const code = errorCode?.toUpperCase();
  if (code && THROTTLED_CODES.has(code)) return 'throttled';
  if (code && UNAVAILABLE_CODES.has(code)) return 'transient';
  if (message && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return 'transient';
  if (status === 429) return 'throttled';
  if (TRANSIENT_STATUSES.has(status)) return 'transient';
  if (request?.retryProfile === 'managedIdentity' && (MANAGED_IDENTITY_STATUSES.has(status) || status >= 500)) return 'transient';
  return undefined;
}

export function isTransientNetworkCode(code: string): boolean {
  return TRANSIENT_NETWORK_CODES.has(code);
}

export function wasCertainlyNotSent(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}

/** IMF-fixdate, the HTTP date form servers send (RFC 9110 §5.6.7); the obsolete forms are not worth a guess. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * A `Retry-After` value (delta seconds or HTTP date) in milliseconds from now. Undefined when absent, zero, in the
 * past or unreadable: such a value says nothing about when to come back, so backoff applies instead.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let waitMs: number;
  if (/^\d{1,9}$/.test(trimmed)) waitMs = Number(trimmed) * 1000;
  else if (HTTP_DATE.test(trimmed)) waitMs = Date.parse(trimmed) - nowMs;
  else return undefined;
  return waitMs > 0 ? Math.max(MIN_WAIT_MS, waitMs) : undefined;
}

/**
 * Exponential backoff with equal jitter: half of the capped delay is fixed, half random, so concurrent runs spread
 * out without ever retrying at once; never under MIN_WAIT_MS. `attempt` is the number of the attempt that just failed.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const exponential = Math.min(MAX_BACKOFF_MS, 2 * MIN_WAIT_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(MIN_WAIT_MS, Math.round(exponential / 2 + (exponential / 2) * random()));
}

/**
 * Pays for one more try of a request the HTTP layer leaves to its caller (a creating POST sent again after a re-read
 * showed it made nothing): backoff as for any retry, booked on the run's budget, then the wait. False, without
 * waiting, when the budget cannot pay. `attempt` is the number of the try that just failed. The resent create's own
 * time is booked by the HTTP layer (it is sent `withinRetryBudget`), not here.
 */
export async function waitForResend(
  budget: RetryBudget,
  attempt: number,
  timing: { sleep: (ms: number) => Promise<void>; random: () => number },
  retryAfter?: string,
): Promise<boolean> {
  // The server's Retry-After wins, as for every other retry; the budget decides whether it can be paid.
  const waitMs = parseRetryAfter(retryAfter, Date.now()) ?? backoffDelay(attempt, timing.random);
  if (!budget.reserveWait(waitMs)) return false;
  await timing.sleep(waitMs);
  return true;
}

/** Whether this outcome may be tried again at all, before any budget question. */
export function isRetryable(outcome: AttemptOutcome, request: HttpRequest): boolean {
  // As the HttpRequest contract says: a POST counts as creating something unless its caller says otherwise.
  const idempotent = request.idempotent ?? request.method !== 'POST';
  if (outcome.error) {
    const { code, maybeSent } = outcome.error;
    if (!isTransientNetworkCode(code) && !outcome.error.retryable) return false;
    // A creating POST that may have reached the server is surfaced so the caller reads state first.
    return idempotent || !maybeSent;
  }
  const { status, text } = outcome.response;
  // Most answers succeed: their bodies are not read here (the caller parses them once).
  if (status >= 200 && status < 400) return false;
  const { errorCode, message } = errorFields(text);
  const kind = classifyAnswer(status, errorCode, message, request);
  // A creating POST is sent again only when the server certainly did nothing; otherwise the caller reads state.
  return kind === 'throttled' || (kind === 'transient' && idempotent);
}

/** How long to wait before the next attempt: the server's Retry-After when given, otherwise backoff. */
export function waitBeforeRetry(outcome: AttemptOutcome, attempt: number, random: () => number, nowMs: number): number {
  const retryAfter = outcome.response ? parseRetryAfter(outcome.response.headers['retry-after'], nowMs) : undefined;
  return retryAfter ?? backoffDelay(attempt, random);
}
