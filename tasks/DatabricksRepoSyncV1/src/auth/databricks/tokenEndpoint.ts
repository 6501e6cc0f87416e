// The workspace's own OAuth token endpoint, POST <workspace>/oidc/v1/token (client credentials, and RFC 8693 token
// exchange), through the one HTTP layer. The URL is the documented one, built directly: Databricks' SDKs first read
// /oidc/.well-known/oauth-authorization-server, one round trip this task saves.

import { isPrivateLinkRedirect, privateLinkFailure } from '../../databricks/privateLink';
import type { HttpResponse } from '../../http/types';
import { serverLine } from '../../log';
import type { AccessToken } from '../freshToken';
import { AuthError, type AuthDependencies } from '../types';

export interface WorkspaceTokenRequest {
  /** workspace origin */
  host: string;
  /** form fields; `scope=all-apis` is added */
  form: Record<string, string>;
  /**
   * HTTP Basic credentials (client credentials grant); each part URL-encoded first, as RFC 6749 §2.3.1 asks and
   * databricks-sdk-go does (golang/oauth2 url.QueryEscape; encodeURIComponent differs only for spaces and !'()*)
   */
  basic?: { clientId: string; secret: string };
  /** what is being done, for messages: "requesting a Databricks OAuth token" */
  operation: string;
}

/** Databricks refused the request with an OAuth error (`{error, error_description}`). */
export class TokenRefusal extends Error {
  constructor(
    readonly status: number,
    /** e.g. invalid_client, invalid_grant, invalid_request, unauthorized_client */
    readonly error: string,
    /** neutralised, one line */
    readonly description: string,
  ) {
    super(`HTTP ${status} ${error}${description ? `: ${description}` : ''}`);
    this.name = 'TokenRefusal';
  }
}

const DESCRIPTION_LIMIT = 300;

/** Sends the request; resolves with the token (registered as a secret) or rejects with a TokenRefusal or AuthError. */
export async function requestWorkspaceToken(request: WorkspaceTokenRequest, deps: AuthDependencies): Promise<AccessToken> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (request.basic) {
    const pair = `${encodeURIComponent(request.basic.clientId)}:${encodeURIComponent(request.basic.secret)}`;
    const encoded = Buffer.from(pair).toString('base64');
    deps.setSecret(encoded);
    headers['Authorization'] = `Basic ${encoded}`;
  }
  const response = await deps.http.send({
    method: 'POST',
    url: `${request.host}/oidc/v1/token`,
    headers,
    body: new URLSearchParams({ ...request.form, scope: 'all-apis' }).toString(),
    // a token request changes nothing, so every failure may be retried
    idempotent: true,
    operation: request.operation,
    hostSource: "the Databricks workspace connection's URL",
  });
  if (response.status === 200) return readToken(response, request, deps);
  throw refusal(response, request);
}

function readToken(response: HttpResponse, request: WorkspaceTokenRequest, deps: AuthDependencies): AccessToken {
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    throw new AuthError(`${capitalised(request.operation)} failed: the answer is not JSON (${serverLine(response.text, 80)}).`);
  }
  const token = body.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new AuthError(`${capitalised(request.operation)} failed: the answer has no access_token.`);
  }
  deps.setSecret(token);
  const lifetime = typeof body.expires_in === 'number' || (typeof body.expires_in === 'string' && /^\d+$/.test(body.expires_in)) ? Number(body.expires_in) : Number.NaN;
  if (!Number.isFinite(lifetime) || lifetime <= 0) {
    throw new AuthError(`${capitalised(request.operation)} failed: the answer's expires_in is not a number of seconds.`);
  }
  return { value: token, expiresAtMs: Date.now() + lifetime * 1000 };
}

function refusal(response: HttpResponse, request: WorkspaceTokenRequest): Error {
  const what = capitalised(request.operation);
  if (isPrivateLinkRedirect(response.status, response.headers['location'])) {
    const { what: why, fix } = privateLinkFailure(new URL(request.host).host);
    return new AuthError(`${what} failed: ${why}. Fix: ${fix}.`);
  }
  try {
    const body = JSON.parse(response.text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') {
      const description = typeof body.error_description === 'string' ? serverLine(body.error_description, DESCRIPTION_LIMIT) : '';
      return new TokenRefusal(response.status, serverLine(body.error, 60), description);
    }
  } catch {
    // not JSON: said as text below
  }
  const text = serverLine(response.text, DESCRIPTION_LIMIT);
  return new AuthError(
    `${what} failed: HTTP ${response.status}${text ? ` ${text}` : ''}. Fix: the connection's URL must be the workspace URL ` +
      '(https://<workspace host>), and a proxy must not answer in its place.',
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
