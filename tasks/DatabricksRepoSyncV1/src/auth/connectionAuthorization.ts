// What both service connection types share (Azure Resource Manager and this extension's Databricks workspace): reading
// an authorization parameter in any case, and where a federated sign-in gets the pipeline's ID token from.

import type { EndpointAuthorization } from '../agent';
import type { IdTokenSource, OidcRequestVariables } from '../options';

/** Pipeline variables a federated connection needs to ask Azure DevOps for an ID token. */
export interface PipelineContext extends OidcRequestVariables {
  systemAccessToken?: string;
}

/** A parameter by key in any case (the agent's JSON keeps its own casing), trimmed; undefined when empty. */
export function authorizationParameter(authorization: EndpointAuthorization, key: string): string | undefined {
  const wanted = key.toLowerCase();
  const found = Object.keys(authorization.parameters ?? {}).find((name) => name.toLowerCase() === wanted);
  const value = found === undefined ? undefined : authorization.parameters[found];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The ID token of a federated connection: the one the agent put in the authorization (late-bound `idToken`), else a
 * request to Azure DevOps for this connection's token, for which the job's variables must be there. `scheme` names
 * the sign-in in the problems, e.g. "uses WorkloadIdentityFederation".
 */
export function idTokenSourceOf(
  connectionId: string,
  authorization: EndpointAuthorization,
  pipeline: PipelineContext,
  problems: string[],
  scheme: string,
): IdTokenSource {
  const idToken = authorizationParameter(authorization, 'idToken');
  if (idToken) return { kind: 'static', idToken };
  const { systemAccessToken, oidcRequestUri, collectionUri, teamProjectId, hostType, planId, jobId } = pipeline;
  if (!systemAccessToken) {
    problems.push(`${scheme}, but the job has no access token (System.AccessToken) to request an ID token.`);
  }
  if (!oidcRequestUri && !(collectionUri && teamProjectId && hostType && planId && jobId)) {
    problems.push(
      `${scheme}, but neither System.OidcRequestUri nor all of System.CollectionUri, System.TeamProjectId, ` +
        'System.HostType, System.PlanId and System.JobId are set to request an ID token.',
    );
  }
  return {
    kind: 'request',
    serviceConnectionId: connectionId,
    systemAccessToken: systemAccessToken ?? '',
    ...(oidcRequestUri ? { oidcRequestUri } : { collectionUri, teamProjectId, hostType, planId, jobId }),
  };
}
