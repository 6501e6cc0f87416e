// The contract of the one HTTP layer every request goes through (Databricks, Entra ID, Azure DevOps OIDC).

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** absolute https URL, query string included */
  url: string;
  headers?: Record<string, string>;
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
}

/** A request that never got an HTTP answer (reset, refused, timeout, DNS), after retries. */
export class NetworkError extends Error {
  constructor(
    message: string,
    /** e.g. ECONNRESET, ECONNREFUSED, ETIMEDOUT */
    public readonly code: string,
    /** whether the request may have reached the server */
    public readonly maybeSent: boolean,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}
