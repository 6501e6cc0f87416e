// The one HTTP layer on axios: keep-alive, a deadline for each whole request, the agent's proxy, retries of transient
// failures, one debug line per attempt, and a close() that leaves nothing to keep Node alive. Nothing about a
// request but its method and path ever reaches the log.

import * as http from 'node:http';
import * as https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { neutralise, serverLine, type Logger } from '../log';
import type { ProxySettings } from '../options';
import { createConnectionRouter, type ConnectionRouter } from './proxy';
import { MAX_SENDS, MIN_ATTEMPT_MS, isRetryable, waitBeforeRetry, wasCertainlyNotSent, type AttemptOutcome, type RetryBudget } from './retryPolicy';
import { ProxyRefusedError } from './tunnel';
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse } from './types';

export interface HttpClientOptions {
  requestTimeoutMs: number;
  /** shared by every request of the run */
  budget: RetryBudget;
  proxy?: ProxySettings;
  log: Logger;
  /** the complete set of CAs to trust (PEM), replacing Node's defaults; see trust.ts */
  ca?: string;
  /** tests only: waits between attempts (the default sleeps, and close() cuts a wait short) */
  sleep?: (ms: number) => Promise<void>;
  /** tests only: jitter source in [0, 1) */
  random?: () => number;
}

const USER_AGENT = 'DatabricksRepoSync/1';
/** A proxy answering CONNECT with one of these may let the next tunnel through: worth another attempt. */
const PROXY_TRANSIENT = new Set([502, 503, 504]);

/** Everything of the run that could keep the process alive: attempts in flight and waits between them. */
class Lifetime {
  readonly attempts = new Set<AbortController>();
  readonly waits = new Set<() => void>();
  closed = false;

  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waits.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.waits.add(finish);
    });
  }

  close(): void {
    this.closed = true;
    for (const controller of this.attempts) controller.abort();
    for (const finish of [...this.waits]) finish();
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  // One agent for the run: TLS connections to the same host are reused instead of a handshake per request.
  const direct = new https.Agent({ keepAlive: true, ca: options.ca });
  const router = createConnectionRouter(direct, options.proxy, options.log, { ca: options.ca, connectTimeoutMs: options.requestTimeoutMs });
  const instance = axios.create();
  const random = options.random ?? Math.random;
  const lifetime = new Lifetime();
  const sleep = options.sleep ?? ((ms: number) => lifetime.sleep(ms));
  const { budget } = options;

  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const target = requestTarget(request);
      let last: AttemptOutcome | undefined;
      for (let attempt = 1; ; attempt++) {
        if (lifetime.closed) throw new NetworkError(`${target} was not sent: the run has ended`, 'ERR_CLOSED', false);
        const budgeted = attempt > 1 || request.withinRetryBudget === true;
        // Other requests of the run may have spent the budget during the wait: then the last answer stands.
        if (budgeted && budget.remainingMs < MIN_ATTEMPT_MS) return settle(last ?? { error: budgetSpent(target) });
        const limitMs = budgeted ? Math.min(options.requestTimeoutMs, budget.remainingMs) : options.requestTimeoutMs;
        const headers = request.authorization ? { ...request.headers, Authorization: await request.authorization() } : request.headers;
        const started = performance.now();
        const outcome = await sendOnce(instance, router, lifetime, limitMs, { ...request, headers });
        last = outcome;
        const elapsedMs = Math.round(performance.now() - started);
        if (budgeted) budget.spend(elapsedMs);
        const result = outcome.response ? String(outcome.response.status) : outcome.error.code;
        options.log.debug(neutralise(`HTTP ${target} -> ${result} in ${elapsedMs} ms (attempt ${attempt})`));

        const retry = attempt < MAX_SENDS && !lifetime.closed && isRetryable(outcome, request);
        const waitMs = retry ? waitBeforeRetry(outcome, attempt, random, Date.now()) : undefined;
        if (waitMs === undefined || !budget.reserveWait(waitMs)) return settle(outcome);
        options.log.info(neutralise(`${target} ${answerText(outcome)}; retrying in ${formatSeconds(waitMs)} (attempt ${attempt + 1})`));
        await sleep(waitMs);
      }
    },
    close(): void {
      lifetime.close();
      router.close();
    },
  };
}

/** "METHOD /path": what the log may say about a request; the query string can carry anything, so it is left out. */
function requestTarget(request: HttpRequest): string {
  try {
    return `${request.method} ${new URL(request.url).pathname}`;
  } catch {
    return `${request.method} (invalid URL)`;
  }
}

/**
 * One attempt, bounded as a whole: axios's own `timeout` only watches for silence once headers arrived, so a server
 * trickling one byte a second (or a proxy that never answers CONNECT) would hold the run; the abort ends all of it.
 */
async function sendOnce(
  instance: AxiosInstance,
  router: ConnectionRouter,
  lifetime: Lifetime,
  limitMs: number,
  request: HttpRequest,
): Promise<AttemptOutcome> {
  let route: ReturnType<ConnectionRouter['route']> | undefined;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limitMs);
  lifetime.attempts.add(controller);
  try {
    route = router.route(request.url);
    const response = await instance.request<string>({
      method: request.method,
      url: request.url,
      headers: { 'User-Agent': USER_AGENT, ...request.headers },
      data: request.body,
      httpsAgent: route.agent,
      // The agent (direct or tunnel) decides the route; axios's own proxy option would not tunnel, nor would env vars.
      proxy: false,
      signal: controller.signal,
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      // Bodies pass through untouched both ways: callers serialise, and parse JSON themselves (int64 ids).
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: false, forcedJSONParsing: false },
    });
    return { response: toHttpResponse(response) };
  } catch (thrown) {
    // Never rethrow what axios threw: its error objects carry the request config, Authorization header included.
    const cause = timedOut ? timeoutCause(limitMs) : thrown;
    return { error: toNetworkError(cause, request, route?.proxy) };
  } finally {
    clearTimeout(timer);
    lifetime.attempts.delete(controller);
  }
}

function budgetSpent(target: string): NetworkError {
  return new NetworkError(`${target} was not sent: the retry budget (retryTimeoutSeconds) is spent`, 'ERR_RETRY_BUDGET', false);
}

function timeoutCause(limitMs: number): Error {
  return Object.assign(new Error(`no complete answer within ${formatSeconds(limitMs)}`), { code: 'ETIMEDOUT' });
}

function toHttpResponse(response: AxiosResponse<string>): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const text = typeof response.data === 'string' ? response.data : '';
  return { status: response.status, headers, text };
}

function proxyRefusal(thrown: unknown): ProxyRefusedError | undefined {
  const cause = (thrown as { cause?: unknown } | undefined)?.cause;
  if (thrown instanceof ProxyRefusedError) return thrown;
  return cause instanceof ProxyRefusedError ? cause : undefined;
}

function toNetworkError(thrown: unknown, request: HttpRequest, proxy: string | undefined): NetworkError {
  let where = 'an invalid URL';
  let host: string | undefined;
  try {
    const url = new URL(request.url);
    where = `${url.origin}${url.pathname}`;
    host = url.host;
  } catch {
    // the message says so
  }
  const refusal = proxyRefusal(thrown);
  if (refusal && proxy) {
    const said = serverLine(`${refusal.status ? `HTTP ${refusal.status}` : 'not HTTP'} ${refusal.reason}`, 200);
    const message = `the agent's proxy ${proxy} refused the tunnel to ${host ?? where} (${said}); nothing was sent to the server`;
    const retryable = PROXY_TRANSIENT.has(refusal.status);
    return new NetworkError(neutralise(message), refusal.code, false, { host, hostSource: request.hostSource, proxy, proxyStatus: refusal.status, retryable });
  }
  const code = errorCode(thrown);
  const detail = thrown instanceof Error && thrown.message ? thrown.message : code;
  const via = proxy ? ` through the proxy ${proxy}` : '';
  const message = neutralise(`${request.method} ${where}${via} got no HTTP answer: ${code} (${detail})`);
  return new NetworkError(message, code, !wasCertainlyNotSent(code), { host, hostSource: request.hostSource, proxy });
}

function errorCode(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null) {
    const { code, cause } = thrown as { code?: unknown; cause?: { code?: unknown } };
    // axios reports a failed connect as ERR_NETWORK or similar; the socket's own code says more.
    if (typeof cause?.code === 'string' && (typeof code !== 'string' || code.startsWith('ERR_'))) return cause.code;
    if (typeof code === 'string') return code;
  }
  return 'ERR_NETWORK';
}

function answerText(outcome: AttemptOutcome): string {
  if (outcome.error) return `failed with ${outcome.error.code}`;
  const { status } = outcome.response;
  return `answered HTTP ${status} ${http.STATUS_CODES[status] ?? ''}`.trimEnd();
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function settle(outcome: AttemptOutcome): HttpResponse {
  if (outcome.error) throw outcome.error;
  return outcome.response;
}
