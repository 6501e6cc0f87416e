// Specs of the retry rules: which outcomes are retried, Retry-After, capped backoff with jitter, the shared budget,
// and the paid wait before a create the sync sends again.

import * as assert from 'node:assert/strict';
import {
  RetryBudget,
  backoffDelay,
  classifyAnswer,
  isRetryable,
  parseRetryAfter,
  waitBeforeRetry,
  waitForResend,
  type AttemptOutcome,
} from '../../../tasks/DatabricksRepoSyncV1/src/http/retryPolicy';
import { NetworkError, type HttpRequest } from '../../../tasks/DatabricksRepoSyncV1/src/http/types';

const get: HttpRequest = { method: 'GET', url: 'https://x/y' };
const create: HttpRequest = { method: 'POST', url: 'https://x/y', idempotent: false };

function answer(status: number, headers: Record<string, string> = {}): AttemptOutcome {
  return { response: { status, headers, text: '' } };
}

function failure(code: string, maybeSent: boolean): AttemptOutcome {
  return { error: new NetworkError('no answer', code, maybeSent) };
}

describe('http/retryPolicy', () => {
  describe('isRetryable', () => {
    it('retries 429, 502, 503, 504 and nothing else by status', () => {
      const retried = [200, 201, 301, 400, 401, 403, 404, 409, 429, 500, 501, 502, 503, 504].filter((status) =>
        isRetryable(answer(status), get),
      );
      assert.deepEqual(retried, [429, 502, 503, 504]);
    });

    it('retries resets, refusals and timeouts, not unknown hosts or certificate errors', () => {
      assert.equal(isRetryable(failure('ECONNRESET', true), get), true);
      assert.equal(isRetryable(failure('ECONNREFUSED', false), get), true);
      assert.equal(isRetryable(failure('ETIMEDOUT', true), get), true);
      assert.equal(isRetryable(failure('ECONNABORTED', true), get), true);
      assert.equal(isRetryable(failure('ENOTFOUND', false), get), false);
      assert.equal(isRetryable(failure('DEPTH_ZERO_SELF_SIGNED_CERT', true), get), false);
    });

    it('treats a POST as creating unless marked idempotent, every other method as idempotent', () => {
      assert.equal(isRetryable(answer(503), { method: 'POST', url: 'https://x/create' }), false);
      assert.equal(isRetryable(answer(503), { method: 'POST', url: 'https://x/token', idempotent: true }), true);
      for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
        assert.equal(isRetryable(answer(503), { method, url: 'https://x/y' }), true);
      }
    });

    it('retries a creating POST only where the server certainly did nothing', () => {
      assert.equal(isRetryable(answer(429), create), true);
      assert.equal(isRetryable(answer(503), create), false);
      assert.equal(isRetryable(answer(502), create), false);
      assert.equal(isRetryable(failure('ECONNREFUSED', false), create), true);
      assert.equal(isRetryable(failure('ECONNRESET', true), create), false);
      assert.equal(isRetryable(failure('ETIMEDOUT', true), create), false);
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');

    it('reads delta seconds', () => {
      assert.equal(parseRetryAfter(' 12 ', now), 12_000);
      assert.equal(parseRetryAfter('1', now), 1_000);
    });

    it('reads an HTTP date (IMF-fixdate), never under half a second', () => {
      assert.equal(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now), 30_000);
      assert.equal(parseRetryAfter('Sun, 01 Mar 2026 10:00:00 GMT', now + 0), undefined, 'now is not a wait');
      assert.equal(parseRetryAfter('Sun, 01 Mar 2026 10:00:01 GMT', now + 900), 500, 'a date 100 ms ahead waits the minimum');
    });

    it('counts zero, a past date and anything unreadable as absent, so backoff applies (no retry storm)', () => {
      for (const value of [undefined, '0', '00', 'Sun, 01 Mar 2026 09:59:00 GMT', 'x 1', 'soon', '-3', '1.5', '', 'Sunday, 01-Mar-26 10:00:30 GMT']) {
        assert.equal(parseRetryAfter(value, now), undefined, String(value));
      }
    });
  });

  describe('backoffDelay', () => {
    it('doubles from 1 s with equal jitter, never under half a second', () => {
      assert.deepEqual([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, () => 1)), [1000, 2000, 4000, 8000]);
      assert.deepEqual([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, () => 0)), [500, 1000, 2000, 4000]);
    });

    it('never waits more than 10 s', () => {
      for (const attempt of [5, 6, 10, 30, 100]) {
        assert.ok(backoffDelay(attempt, () => 0.999999) <= 10_000);
      }
      assert.equal(backoffDelay(30, () => 1), 10_000);
      assert.equal(backoffDelay(30, () => 0), 5_000);
    });
  });

  describe('waitBeforeRetry', () => {
    it('prefers the server Retry-After over backoff', () => {
      assert.equal(waitBeforeRetry(answer(503, { 'retry-after': '3' }), 1, () => 0, 0), 3000);
      assert.equal(waitBeforeRetry(answer(503), 1, () => 0, 0), 500);
      assert.equal(waitBeforeRetry(answer(503, { 'retry-after': '0' }), 1, () => 0, 0), 500, 'Retry-After 0 is backoff');
      assert.equal(waitBeforeRetry(failure('ECONNRESET', true), 2, () => 1, 0), 2000);
    });
  });

  describe('RetryBudget', () => {
    it('books retried attempts and waits; a wait that would leave less than a second for its attempt is refused', () => {
      const budget = new RetryBudget(3000);
      budget.spend(100);
      assert.equal(budget.reserveWait(900), true);
      assert.equal(budget.remainingMs, 2000);
      assert.equal(budget.reserveWait(1001), false);
      assert.equal(budget.remainingMs, 2000, 'a refused reservation books nothing');
      assert.equal(budget.reserveWait(1000), true, 'exactly one second left for the attempt');
      assert.equal(budget.reserveWait(1), false);
    });

    it('allows no retry at all with a zero budget', () => {
      assert.equal(new RetryBudget(0).reserveWait(1), false);
    });
  });

  describe('waitForResend', () => {
    function timing(): { sleep: (ms: number) => Promise<void>; random: () => number; slept: number[] } {
      const slept: number[] = [];
      return { slept, random: () => 0.5, sleep: async (ms) => void slept.push(ms) };
    }

    it('waits the backoff of the failed attempt and books only the wait (the HTTP layer books the resend itself)', async () => {
      const budget = new RetryBudget(5_000);
      const clock = timing();

      assert.equal(await waitForResend(budget, 1, clock), true);
      assert.equal(await waitForResend(budget, 2, clock), true);

      const [firstWait, secondWait] = [backoffDelay(1, () => 0.5), backoffDelay(2, () => 0.5)];
      assert.deepEqual(clock.slept, [firstWait, secondWait]);
      assert.equal(budget.remainingMs, 5_000 - firstWait - secondWait);
    });

    it("obeys the failed create's Retry-After instead of the backoff", async () => {
      const budget = new RetryBudget(5_000);
      const clock = timing();

      assert.equal(await waitForResend(budget, 1, clock, '2'), true);

      assert.deepEqual(clock.slept, [2_000]);
      assert.equal(await waitForResend(budget, 1, clock, '60'), false, 'a Retry-After beyond the budget ends resending');
    });

    it('says false without waiting or booking when the budget cannot pay, e.g. after the HTTP layer spent it', async () => {
      const budget = new RetryBudget(2_000);
      assert.equal(budget.reserveWait(900), true);
      const clock = timing();

      assert.equal(await waitForResend(budget, 1, clock), false);

      assert.deepEqual(clock.slept, []);
      assert.equal(budget.remainingMs, 1_100);
    });
  });
});

describe('http/retryPolicy classifyAnswer (as the Databricks SDKs do)', () => {
  const body = (errorCode: string, message = 'x'): string => JSON.stringify({ error_code: errorCode, message });
  const withBody = (status: number, text: string): AttemptOutcome => ({ response: { status, headers: {}, text } });
  const read: HttpRequest = { method: 'GET', url: 'https://x/y' };
  const create: HttpRequest = { method: 'POST', url: 'https://x/y', idempotent: false };

  it('retries REQUEST_LIMIT_EXCEEDED and RESOURCE_EXHAUSTED at any status, creates included: the server did nothing', () => {
    for (const status of [400, 403, 500]) {
      for (const code of ['REQUEST_LIMIT_EXCEEDED', 'RESOURCE_EXHAUSTED']) {
        assert.equal(classifyAnswer(status, code, 'x'), 'throttled', `${status} ${code}`);
        assert.equal(isRetryable(withBody(status, body(code)), create), true, `${status} ${code} create`);
      }
    }
  });

  it('retries TEMPORARILY_UNAVAILABLE and the transient messages at any status, but never a create blindly', () => {
    const cases: Array<[number, string]> = [
      [400, body('TEMPORARILY_UNAVAILABLE')],
      [500, body('INTERNAL_ERROR', 'Timed out after 60 seconds')],
      [400, body('BAD_REQUEST', 'rpc error: code = DeadlineExceeded desc = context deadline exceeded')],
    ];
    for (const [status, text] of cases) {
      assert.equal(isRetryable(withBody(status, text), read), true, text);
      assert.equal(isRetryable(withBody(status, text), create), false, text);
    }
  });

  it('lets the error_code win over the status: a 429 with another code is still throttled, a 500 with no code is not retried', () => {
    assert.equal(classifyAnswer(429, undefined, undefined), 'throttled');
    assert.equal(classifyAnswer(500, 'INTERNAL_ERROR', 'boom'), undefined);
    assert.equal(classifyAnswer(200, 'REQUEST_LIMIT_EXCEEDED', 'x'), undefined, 'a success is never retried');
  });

  it('retries a managed identity endpoint on 404, 408, 410 and 5xx, as msal-node does; other requests not', () => {
    const imds: HttpRequest = { method: 'GET', url: 'http://169.254.169.254/metadata/identity/oauth2/token', retryProfile: 'managedIdentity' };
    for (const status of [404, 408, 410, 500, 501, 503]) assert.equal(isRetryable(withBody(status, ''), imds), true, String(status));
    for (const status of [400, 401, 403]) assert.equal(isRetryable(withBody(status, ''), imds), false, String(status));
    for (const status of [404, 408, 410, 500]) assert.equal(isRetryable(withBody(status, ''), read), false, String(status));
  });
});
