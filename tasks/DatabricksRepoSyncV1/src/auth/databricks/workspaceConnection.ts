// Turns this extension's *Databricks workspace* service connection (SPEC §7) into the credential the task signs in with
// (pure: no task-lib). Schemes as the agent passes them: None with clientId (workload identity federation),
// UsernamePassword (OAuth client secret: username = client id, password = secret), Token (apitoken: a PAT).

import type { EndpointAuthorization } from '../../agent';
import { neutralise } from '../../log';
import type { DatabricksSource } from '../../options';
import { quote } from '../../validation/checked';
import { isGuid } from '../../validation/entraIds';
import { checkWorkspaceUrl } from '../../validation/httpsUrl';
import { InputError } from '../../validation/inputError';
import { authorizationParameter, idTokenSourceOf, type PipelineContext } from '../connectionAuthorization';

export interface WorkspaceConnection {
  id: string;
  /** the connection's URL: the workspace */
  url: string | undefined;
  authorization: EndpointAuthorization;
}

export const WORKSPACE_SCHEMES = ['None', 'UsernamePassword', 'Token'] as const;
type Scheme = (typeof WORKSPACE_SCHEMES)[number];

/** What each scheme calls its secret; the agent masks these too, but a value is registered the moment it is read. */
const SECRET_PARAMETERS = ['password', 'apitoken', 'idtoken'];

const SCHEME_NAMES: Record<Scheme, string> = {
  None: 'workload identity federation',
  UsernamePassword: 'OAuth client secret',
  Token: 'personal access token',
};

function schemeOf(authorization: EndpointAuthorization): Scheme | undefined {
  const wanted = (authorization.scheme ?? '').trim().toLowerCase();
  return WORKSPACE_SCHEMES.find((scheme) => scheme.toLowerCase() === wanted);
}

/** The secret values of the authorization, to register with the agent before anything else runs. */
export function workspaceSecretParameters(authorization: EndpointAuthorization): string[] {
  return Object.entries(authorization.parameters ?? {})
    .filter(([key, value]) => SECRET_PARAMETERS.includes(key.toLowerCase()) && typeof value === 'string' && value !== '')
    .map(([, value]) => value);
}

function clientIdOf(authorization: EndpointAuthorization, key: string, problems: string[]): string {
  const clientId = authorizationParameter(authorization, key);
  if (!clientId) problems.push(`has no client id (authorization parameter ${key}): the service principal's application id.`);
  else if (!isGuid(clientId)) problems.push(`has the client id ${quote(clientId)}, which is not an application id (a GUID).`);
  return clientId ?? '';
}

function credentialOf(scheme: Scheme, connection: WorkspaceConnection, host: string, pipeline: PipelineContext, problems: string[]): DatabricksSource {
  const { authorization } = connection;
  switch (scheme) {
    case 'None': {
      const clientId = clientIdOf(authorization, 'clientId', problems);
      const idToken = idTokenSourceOf(connection.id, authorization, pipeline, problems, 'uses workload identity federation');
      return { kind: 'databricksFederation', host, clientId, idToken };
    }
    case 'UsernamePassword': {
      const clientId = clientIdOf(authorization, 'username', problems);
      const clientSecret = authorizationParameter(authorization, 'password') ?? '';
      if (!clientSecret) problems.push('has no OAuth secret (authorization parameter password).');
      return { kind: 'databricksOAuthSecret', host, clientId, clientSecret };
    }
    case 'Token': {
      const token = authorizationParameter(authorization, 'apitoken') ?? '';
      if (!token) problems.push('has no personal access token (authorization parameter apitoken).');
      return { kind: 'databricksToken', host, token };
    }
  }
}

/**
 * The credential of the connection, for the workspace at its URL. Throws InputError (problems named
 * `databricksConnection`) when the URL or the scheme is not usable or the connection lacks what its scheme needs.
 */
export function credentialFromWorkspaceConnection(connection: WorkspaceConnection, pipeline: PipelineContext): DatabricksSource {
  const problems: string[] = [];
  const url = connection.url ? checkWorkspaceUrl(connection.url) : undefined;
  if (!url) problems.push('has no URL: it must be the workspace URL, e.g. https://dbc-1a2b3c4d-5e6f.cloud.databricks.com.');
  else if (!url.ok) problems.push(`has a URL that is not the workspace's: ${url.problems[0]}`);
  const host = url?.ok ? url.value : '';
  const scheme = schemeOf(connection.authorization);
  let credential: DatabricksSource | undefined;
  if (scheme) credential = credentialOf(scheme, connection, host, pipeline, problems);
  else {
    problems.push(
      `uses the authorization scheme ${quote(connection.authorization.scheme ?? '')}, which this task does not support. ` +
        `Supported: ${WORKSPACE_SCHEMES.map((name) => `${name} (${SCHEME_NAMES[name]})`).join(', ')}.`,
    );
  }
  if (problems.length > 0 || credential === undefined) {
    throw new InputError(problems.map((problem) => `databricksConnection: Databricks workspace connection ${quote(connection.id)} ${problem}`));
  }
  return credential;
}

/** e.g. "Databricks workspace connection '…' (workload identity federation, https://dbc-….cloud.databricks.com)". */
export function describeWorkspaceConnection(connection: WorkspaceConnection): string {
  const scheme = schemeOf(connection.authorization);
  const how = scheme ? SCHEME_NAMES[scheme] : (connection.authorization.scheme ?? 'unknown scheme');
  // the workspace origin only: a URL copied from the browser may carry a query, and any URL user info
  const url = connection.url ? checkWorkspaceUrl(connection.url) : undefined;
  const workspace = url?.ok ? url.value : 'no usable URL';
  return neutralise(`Databricks workspace connection ${quote(connection.id)} (${how}, ${workspace})`);
}
