// The one HTTP layer on axios: keep-alive, timeout, the agent's proxy, retries of transient failures, one debug line
// per attempt. Nothing about a request but its method and path ever reaches the log.

import * as http from 'node:http';
import * as https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { neutralise, type Logger } from '../log';
import type { ProxySettings } from '../options';
import { createConnectionRouter, type ConnectionRouter } from './proxy';
import { isRetryable, waitBeforeRetry, wasCertainlyNotSent, type AttemptOutcome, type RetryBudget } from './retryPolicy';
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse } from './types';

export interface HttpClientOptions {
  requestTimeoutMs: number;
  /** shared by every request of the run */
  budget: RetryBudget;
  proxy?: ProxySettings;
  log: Logger;
  /** the complete set of CAs to trust (PEM), replacing Node's defaults; see trust.ts */
  ca?: string;
  /** tests only: waits between attempts */
  sleep?: (ms: number) => Promise<void>;
  /** tests only: jitter source in [0, 1) */
  random?: () => number;
}

const USER_AGENT = 'DatabricksRepoSync/1';

export function createHttpClient(options: HttpClientOptions): HttpClient {
  // One agent for the run: TLS connections to the same host are reused instead of a handshake per request.
  const direct = new https.Agent({ keepAlive: true, ca: options.ca });
  const router = createConnectionRouter(direct, options.proxy, options.log, options.ca);
  const instance = axios.create();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const target = requestTarget(request);
      for (let attempt = 1; ; attempt++) {
        const started = performance.now();
        const outcome = await sendOnce(instance, router, options.requestTimeoutMs, request);
        const elapsedMs = Math.round(performance.now() - started);
        const result = outcome.response ? String(outcome.response.status) : outcome.error.code;
        options.log.debug(neutralise(`HTTP ${target} -> ${result} in ${elapsedMs} ms (attempt ${attempt})`));

        const waitMs = isRetryable(outcome, request) ? waitBeforeRetry(outcome, attempt, random, Date.now()) : undefined;
        const retryMs = attempt > 1 ? elapsedMs : 0;
        if (waitMs === undefined || !options.budget.reserve(retryMs, waitMs)) return settle(outcome);
        options.log.info(neutralise(`${target} ${answerText(outcome)}; retrying in ${formatSeconds(waitMs)} (attempt ${attempt + 1})`));
        await sleep(waitMs);
      }
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

async function sendOnce(
  instance: AxiosInstance,
  router: ConnectionRouter,
  timeoutMs: number,
  request: HttpRequest,
): Promise<AttemptOutcome> {
  let route: ReturnType<ConnectionRouter> | undefined;
  try {
    route = router(request.url);
    const response = await instance.request<string>({
      method: request.method,
      url: request.url,
      headers: { 'User-Agent': USER_AGENT, ...request.headers },
      data: request.body,
      httpsAgent: route.agent,
      // The agent (direct or tunnel) decides the route; axios's own proxy option would not tunnel, nor would env vars.
      proxy: false,
      timeout: timeoutMs,
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
    return { error: toNetworkError(thrown, request, route?.proxy) };
  }
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

function toNetworkError(thrown: unknown, request: HttpRequest, proxy: string | undefined): NetworkError {
  const code = errorCode(thrown);
  const detail = thrown instanceof Error && thrown.message ? thrown.message : code;
  let where: string;
  try {
    const url = new URL(request.url);
    where = `${url.origin}${url.pathname}`;
  } catch {
    where = 'an invalid URL';
  }
  const via = proxy ? ` through the proxy ${proxy}` : '';
  const message = neutralise(`${request.method} ${where}${via} got no HTTP answer: ${code} (${detail})`);
  return new NetworkError(message, code, !wasCertainlyNotSent(code));
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
