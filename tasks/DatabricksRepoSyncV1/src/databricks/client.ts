// The Databricks REST client: bearer token, JSON bodies, int64-safe answers, and every failure as a DatabricksError.

import { NetworkError, type HttpClient, type HttpMethod, type HttpResponse } from '../http/types';
import { failureFromNetwork, failureFromResponse, failureFromUnreadableAnswer, readServerError } from './failureMessage';
import { parseDatabricksJson, stringifyDatabricksJson } from './json';

export interface CallOptions {
  /** what is being done, for the error message: "creating the Git folder /Repos/ci/app" */
  operation: string;
  /** serialised as JSON */
  body?: unknown;
  /** false for a POST that creates something (see HttpRequest.idempotent) */
  idempotent?: boolean;
  /** the call is itself a retry (a create sent again): cut short by the run's retry budget */
  withinRetryBudget?: boolean;
}

/** A 404 that means "no such object"; FEATURE_DISABLED also comes as 404 and must not read as missing. */
const MISSING_CODES = new Set([undefined, 'RESOURCE_DOES_NOT_EXIST', 'NOT_FOUND']);

export class DatabricksClient {
  private readonly origin: string;

  /**
   * @param host workspace origin, e.g. https://adb-123.4.azuredatabricks.net
   * @param getToken the Databricks access token; asked for on every request
   */
  constructor(
    private readonly http: HttpClient,
    host: string,
    private readonly getToken: () => string | Promise<string>,
  ) {
    this.origin = host.replace(/\/+$/, '');
  }

  /** Sends one call; `notFound: 'undefined'` turns a 404 "does not exist" into undefined. */
  call<T>(method: HttpMethod, path: string, options: CallOptions & { notFound: 'undefined' }): Promise<T | undefined>;
  call<T>(method: HttpMethod, path: string, options: CallOptions): Promise<T>;
  async call<T>(
    method: HttpMethod,
    path: string,
    options: CallOptions & { notFound?: 'undefined' },
  ): Promise<T | undefined> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = stringifyDatabricksJson(options.body);
    }
    let response: HttpResponse;
    try {
      response = await this.http.send({
        method,
        url: `${this.origin}${path}`,
        headers,
        // asked for before every attempt: a retry must not carry a token that expired meanwhile
        authorization: async () => `Bearer ${await this.getToken()}`,
        body,
        idempotent: options.idempotent,
        operation: options.operation,
        hostSource: 'databricksHost',
        withinRetryBudget: options.withinRetryBudget,
      });
    } catch (error) {
      if (error instanceof NetworkError) throw failureFromNetwork(options.operation, error);
      throw error;
    }
    const { status, text } = response;
    if (status === 404 && options.notFound === 'undefined' && MISSING_CODES.has(readServerError(status, text).errorCode)) {
      return undefined;
    }
    if (status < 200 || status > 299) throw failureFromResponse(options.operation, response, new URL(this.origin).host);
    if (!text.trim()) return {} as T;
    try {
      return parseDatabricksJson(text) as T;
    } catch {
      throw failureFromUnreadableAnswer(options.operation, status, text);
    }
  }
}
