// MSAL's network module built on the project's HttpClient, so token requests get the proxy, timeout and retries.

import { AuthError as MsalAuthError } from '@azure/msal-node';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { HttpClient, HttpMethod, HttpRequest, HttpResponse } from '../../http/types';
import { neutralise, serverLine } from '../../log';

/** The errorCode MSAL uses for transport failures; entraErrors.ts looks for it. */
export const TRANSPORT_FAILURE = 'network_error';

/**
 * msal-node 7 fetches with Node's own fetch, which knows no proxy. This module replaces it.
 * `operation` names what is being done, for the HTTP layer's error and debug lines.
 */
export function createMsalNetworkClient(
  http: HttpClient,
  operation: string,
  hostSource: string,
  retryProfile?: HttpRequest['retryProfile'],
): INetworkModule {
  const context: RequestContext = retryProfile ? { operation, hostSource, retryProfile } : { operation, hostSource };
  return {
    // MSAL passes a timeout only for region discovery; the HTTP layer's own timeout applies instead.
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
      send<T>(http, 'GET', url, options, context),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
      send<T>(http, 'POST', url, options, context),
  };
}

/** What the HTTP layer is told about every request of this client. */
type RequestContext = Pick<HttpRequest, 'operation' | 'hostSource' | 'retryProfile'>;

async function send<T>(
  http: HttpClient,
  method: HttpMethod,
  url: string,
  options: NetworkRequestOptions | undefined,
  context: RequestContext,
): Promise<NetworkResponse<T>> {
  let response: HttpResponse;
  try {
    response = await http.send({
      method,
      url,
      headers: options?.headers ? { ...options.headers } : undefined,
      body: method === 'POST' ? (options?.body ?? '') : undefined,
      // a client-credentials or managed-identity token request changes nothing, so every failure may be retried
      idempotent: true,
      ...context,
    });
  } catch (error) {
    throw transportFailure(error);
  }
  const body = parseBody<T>(response.status, response.text, url);
  return { status: response.status, headers: response.headers, body };
}

/** MSAL reads the body as parsed JSON; a body that is not JSON is a clear error rather than MSAL's generic one. */
function parseBody<T>(status: number, text: string, url: string): T {
  if (text.trim() === '') {
    return {} as T;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    const snippet = serverLine(text, 200);
    const where = new URL(url);
    const what = `${where.host}${where.pathname} answered HTTP ${status}`;
    throw transportFailure(new Error(`${what} with a body that is not JSON: ${snippet}`));
  }
}

/**
 * MSAL turns any error that is not its own AuthError into a bare "network_error" and drops the message, so the
 * real failure travels as `cause` of one of MSAL's own errors and entraErrors.ts unwraps it.
 */
function transportFailure(cause: unknown): MsalAuthError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const wrapped = new MsalAuthError(TRANSPORT_FAILURE, '', neutralise(message));
  return Object.assign(wrapped, { cause });
}
