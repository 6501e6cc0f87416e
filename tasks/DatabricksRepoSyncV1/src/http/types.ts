// The contract of the one HTTP layer every request goes through (Databricks, Entra ID, Azure DevOps OIDC).

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** absolute https URL, query string included */
  url: string;
  headers?: Record<string, string>;
  /**
   * The Authorization header's value, asked for before every attempt: a retry after a long wait or a slow first
   * attempt must not go out with a token that has meanwhile come within 40 s of its expiry (freshToken.ts).
   */
  authorization?: () => Promise<string>;
  /** already serialised body (JSON text or form-urlencoded) */
  body?: string;
  /**
   * `true` (default for GET/PATCH/PUT/DELETE) retries every transient failure.
   * `false` is for a POST that creates something: only failures where the server certainly did nothing are
   * retried (429, connection refused); a 5xx or a failure after sending surfaces so the caller reads state again.
   */
  idempotent?: boolean;
  /** a short name of what is being done, for error messages ("listing Git credentials") */
  operation?: string;
  /** what set the host, for the fix of a failure to reach it: "databricksHost", "authorityHost", … */
  hostSource?: string;
  /** `managedIdentity`: also retry 404, 408, 410 and 5xx, as msal-node does for IMDS and App Service endpoints */
  retryProfile?: 'managedIdentity';
  /** the request is itself a retry (a create sent again): its first attempt is cut short by the retry budget too */
  withinRetryBudget?: boolean;
}

export interface HttpResponse {
  status: number;
  /** header names lower-cased */
  headers: Record<string, string>;
  /** raw body text; JSON is parsed by the caller (Databricks ids need int64-safe parsing) */
  text: string;
}

/** Sends a request with retries of transient failures; resolves with any HTTP status, rejects only on network failure. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Ends the run's HTTP: aborts what is in flight, stops waits, destroys every connection. Nothing keeps Node alive. */
  close(): void;
}

/** Where a failed request went, for the fix: the host and what set it, the proxy it went through. */
export interface NetworkFailureDetails {
  /** host[:port] of the request */
  host?: string;
  /** the input or setting that named the host (HttpRequest.hostSource) */
  hostSource?: string;
  /** the proxy's address without credentials, when the request went through it */
  proxy?: string;
  /** the proxy's answer to CONNECT when it refused the tunnel */
  proxyStatus?: number;
  /** worth another attempt although the code is not a transient socket error (a proxy answering 502/503/504) */
  retryable?: boolean;
}

/** A request that never got an HTTP answer from its server (reset, refused, timeout, DNS, proxy refusal), after retries. */
export class NetworkError extends Error {
  constructor(
    message: string,
    /** e.g. ECONNRESET, ECONNREFUSED, ETIMEDOUT, ERR_PROXY_REFUSED */
    public readonly code: string,
    /** whether the request may have reached the server */
    public readonly maybeSent: boolean,
    public readonly details: NetworkFailureDetails = {},
  ) {
    super(message);
    this.name = 'NetworkError';
  }

  get retryable(): boolean {
    return this.details.retryable === true;
  }
}
