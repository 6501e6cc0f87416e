// Requests the Azure DevOps ID token (OIDC token) of a service connection, for workload identity federation.

import type { IdTokenSource } from '../options';
import { neutralise, serverLine } from '../log';
import type { AuthDependencies } from './types';
import { AuthError } from './types';

export type OidcTokenRequest = Extract<IdTokenSource, { kind: 'request' }>;

/**
 * `System.OidcRequestUri` when the agent gives it (it also works in classic release pipelines), else the
 * documented distributedtask URL built from the job's variables.
 */
export function oidcTokenUrl(source: OidcTokenRequest): string {
  const connection = encodeURIComponent(source.serviceConnectionId);
  if (source.oidcRequestUri) {
    const separator = source.oidcRequestUri.includes('?') ? '&' : '?';
    return `${source.oidcRequestUri}${separator}api-version=7.1&serviceConnectionId=${connection}`;
  }
  const variables: Array<[string, string | undefined]> = [
    ['System.CollectionUri', source.collectionUri],
    ['System.TeamProjectId', source.teamProjectId],
    ['System.HostType', source.hostType],
    ['System.PlanId', source.planId],
    ['System.JobId', source.jobId],
  ];
  const missing = variables.filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) {
    throw new AuthError(
      `Cannot request the pipeline's ID token for workload identity federation: System.OidcRequestUri is not set ` +
        `and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        'Run the task in an Azure Pipelines job.',
    );
  }
  const [project, hub, plan, job] = variables.slice(1).map(([, value]) => encodeURIComponent(value as string));
  // the agent's System.CollectionUri ends with a slash, a hand-set one may not
  const base = (source.collectionUri as string).replace(/\/*$/, '/');
  return (
    `${base}${project}/_apis/distributedtask/hubs/${hub}/plans/${plan}/jobs/${job}/oidctoken` +
    `?serviceConnectionId=${connection}&api-version=7.1-preview.1`
  );
}

/**
 * The pipeline's ID token for a federated sign-in (Entra or Databricks-native): the one the service connection gave
 * (late-bound idToken), else a fresh one from Azure DevOps; registered as a secret either way. Asked for at every
 * token request, since an ID token lives minutes and the token it buys an hour.
 */
export async function pipelineIdToken(source: IdTokenSource, deps: AuthDependencies): Promise<string> {
  if (source.kind === 'request') return requestOidcToken(source, deps);
  if (source.idToken === '') throw new AuthError("The service connection's ID token is empty.");
  deps.setSecret(source.idToken);
  return source.idToken;
}

/** POSTs for a fresh ID token and registers it as a secret before returning it. */
export async function requestOidcToken(source: OidcTokenRequest, deps: AuthDependencies): Promise<string> {
  if (!source.systemAccessToken) {
    throw new AuthError(
      "Cannot request the pipeline's ID token: the job's access token (System.AccessToken) is not available to " +
        'the task.',
    );
  }
  deps.setSecret(source.systemAccessToken);
  const response = await deps.http.send({
    method: 'POST',
    url: oidcTokenUrl(source),
    headers: { Authorization: `Bearer ${source.systemAccessToken}`, 'Content-Type': 'application/json' },
    body: '{}',
    // minting an ID token changes nothing, so any failure may be retried
    idempotent: true,
    operation: "requesting the pipeline's ID token",
    hostSource: source.oidcRequestUri ? 'System.OidcRequestUri' : 'System.CollectionUri',
  });
  if (response.status !== 200) {
    throw new AuthError(
      `Requesting the pipeline's ID token for service connection ${neutralise(source.serviceConnectionId)} failed: ` +
        `HTTP ${response.status}${serverMessage(response.text)}. Check that the pipeline is allowed to use the ` +
        'service connection and that the connection uses workload identity federation.',
    );
  }
  const token = oidcTokenOf(response.text);
  if (token === undefined) {
    throw new AuthError("Requesting the pipeline's ID token failed: Azure DevOps answered 200 without an oidcToken.");
  }
  deps.setSecret(token);
  return token;
}

function oidcTokenOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { oidcToken?: unknown };
    return typeof body.oidcToken === 'string' && body.oidcToken !== '' ? body.oidcToken : undefined;
  } catch {
    return undefined;
  }
}

/** Azure DevOps explains a failure in `message`; a body that is not JSON (a proxy's page) is shown trimmed. */
function serverMessage(text: string): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown };
    message = typeof body.message === 'string' ? body.message : '';
  } catch {
    // not JSON: show the text itself
  }
  const clean = serverLine(message, 300);
  return clean ? ` (${clean})` : '';
}
