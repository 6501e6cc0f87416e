// Fakes for the Databricks-native auth specs: dependencies that record secrets and log lines over a scripted
// HttpClient, answers of the workspace token endpoint, and JWT-shaped ID tokens with chosen claims.

import type { AuthDependencies } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { HttpRequest, HttpResponse } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { fakeHttp, type FakeHttp } from '../../databricks/fakeHttp';

export const WORKSPACE = 'https://dbc-1a2b3c4d-5e6f.cloud.databricks.com';
export const SP_CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export interface RecordedDeps {
  deps: AuthDependencies;
  http: FakeHttp;
  /** every value given to setSecret, in order */
  secrets: string[];
  /** every log line, any level, as "level: message" */
  logs: string[];
  /** what happened, in order: "setSecret <value>" and "send <url>", to see that a secret came before a request */
  events: string[];
}

export function recordedDeps(): RecordedDeps {
  const http = fakeHttp();
  const secrets: string[] = [];
  const logs: string[] = [];
  const events: string[] = [];
  const send = http.send.bind(http);
  http.send = (request: HttpRequest): Promise<HttpResponse> => {
    events.push(`send ${request.url}`);
    return send(request);
  };
  const deps: AuthDependencies = {
    http,
    setSecret: (value) => {
      secrets.push(value);
      events.push(`setSecret ${value}`);
    },
    log: {
      info: (message) => logs.push(`info: ${message}`),
      debug: (message) => logs.push(`debug: ${message}`),
      warning: (message) => logs.push(`warning: ${message}`),
    },
  };
  return { deps, http, secrets, logs, events };
}

/** A 200 of the token endpoint, as Databricks answers it. */
export function tokenAnswer(accessToken: string, expiresIn: number = 3600): Partial<HttpResponse> {
  return { status: 200, text: JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }) };
}

/** An OAuth error answer (`{error, error_description}`). */
export function oauthError(status: number, error: string, description?: string): Partial<HttpResponse> {
  return { status, text: JSON.stringify({ error, error_description: description }) };
}

/** A JWT-shaped string whose payload holds `claims`; the signature is not checked by anything under test. */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

/** The form body of a request, as the server reads it. */
export function formOf(request: HttpRequest): URLSearchParams {
  return new URLSearchParams(request.body ?? '');
}
