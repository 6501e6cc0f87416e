// The sign-in inputs (authType and what each type needs) read into a CredentialSource, secrets registered on read.

import * as fs from 'node:fs';
import type { Agent } from './agent';
import { authorizationParameter, type PipelineContext } from './auth/connectionAuthorization';
import {
  credentialFromWorkspaceConnection,
  describeWorkspaceConnection,
  workspaceSecretParameters,
  type WorkspaceConnection,
} from './auth/databricks/workspaceConnection';
import {
  credentialFromServiceConnection,
  describeServiceConnection,
  secretParameters,
  type ServiceConnection,
  DEFAULT_AUTHORITY_HOST,
} from './auth/entra/serviceConnection';
import type { CredentialSource } from './options';
import { readInput, readSecretInput, readUrlInput, readVariable, registerSecret, registerUrlSecrets } from './rawInputs';
import { type Checked, invalid, quote, valid } from './validation/checked';
import { checkChoice } from './validation/choices';
import { checkClientId, checkTenantId } from './validation/entraIds';
import { checkAuthorityHost } from './validation/httpsUrl';
import { InputError, type InputProblems, required } from './validation/inputError';
import { checkCertificatePem } from './validation/pem';

export const AUTH_TYPES = ['serviceConnection', 'clientSecret', 'clientCertificate', 'managedIdentity', 'databricksConnection'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** A PEM with a certificate and a key is a few KB; anything this big is the wrong file. */
const MAX_PEM_BYTES = 1024 * 1024;
const PEM_EXPECTED = 'Expected the path of a PEM file holding the certificate and its private key';

export interface SignIn {
  credential: CredentialSource;
  identityDescription: string;
  /** Databricks-native (authType databricksConnection) even when its connection had problems: other inputs' rules depend on it */
  databricksNative?: boolean;
  /** the workspace origin of a Databricks workspace connection: databricksHost defaults to it and must name it */
  workspaceUrl?: string;
}

/** The placeholder returned with recorded problems; readTaskOptions throws before it can be used. */
const NO_SIGN_IN: SignIn = { credential: { kind: 'managedIdentity' }, identityDescription: '' };

/** The system access token (endpoint SystemVssConnection) and the job variables an ID token request needs. */
export function readPipelineContext(agent: Agent): PipelineContext {
  const system = agent.getEndpointAuthorization('SystemVssConnection');
  const systemAccessToken = system ? authorizationParameter(system, 'AccessToken') : undefined;
  registerSecret(agent, systemAccessToken);
  return {
    systemAccessToken,
    oidcRequestUri: readVariable(agent, 'System.OidcRequestUri'),
    collectionUri: readVariable(agent, 'System.CollectionUri'),
    teamProjectId: readVariable(agent, 'System.TeamProjectId'),
    hostType: readVariable(agent, 'System.HostType'),
    planId: readVariable(agent, 'System.PlanId'),
    jobId: readVariable(agent, 'System.JobId'),
  };
}

function readServiceConnection(agent: Agent, problems: InputProblems): SignIn {
  const id = readInput(agent, 'azureSubscription');
  if (id === undefined) {
    const expected = 'authType serviceConnection needs an Azure Resource Manager service connection';
    required(problems, 'azureSubscription', id, expected);
    return NO_SIGN_IN;
  }
  // Read whole (never parameter by parameter, which task-lib writes to the debug log) and masked at once.
  const authorization = agent.getEndpointAuthorization(id);
  for (const secret of authorization ? secretParameters(authorization) : []) registerSecret(agent, secret);
  if (!authorization) {
    const problem = `service connection ${quote(id)} was not found, or this pipeline is not authorised to use it.`;
    problems.add('azureSubscription', problem);
    return NO_SIGN_IN;
  }
  const connection: ServiceConnection = { id, authorization, data: (key) => agent.getEndpointDataParameter(id, key) };
  try {
    const credential = credentialFromServiceConnection(connection, readPipelineContext(agent));
    return { credential, identityDescription: describeServiceConnection(connection) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.addNamed(error.problems);
    return NO_SIGN_IN;
  }
}

/** authType databricksConnection: this extension's Databricks workspace connection (SPEC §7). */
function readDatabricksConnection(agent: Agent, problems: InputProblems): SignIn {
  const id = readInput(agent, 'databricksConnection');
  const failed: SignIn = { ...NO_SIGN_IN, databricksNative: true };
  if (id === undefined) {
    required(problems, 'databricksConnection', id, 'authType databricksConnection needs a Databricks workspace service connection');
    return failed;
  }
  // Read whole, and masked at once: the agent masks these too, but nothing may print them before that is certain.
  const authorization = agent.getEndpointAuthorization(id);
  for (const secret of authorization ? workspaceSecretParameters(authorization) : []) registerSecret(agent, secret);
  if (!authorization) {
    problems.add('databricksConnection', `service connection ${quote(id)} was not found, or this pipeline is not authorised to use it.`);
    return failed;
  }
  const url = agent.getEndpointUrl(id);
  registerUrlSecrets(agent, url);
  const connection: WorkspaceConnection = { id, url, authorization };
  try {
    const credential = credentialFromWorkspaceConnection(connection, readPipelineContext(agent));
    return { credential, identityDescription: describeWorkspaceConnection(connection), workspaceUrl: credential.host, databricksNative: true };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.addNamed(error.problems);
    return failed;
  }
}

/** tenantId, clientId and authorityHost, shared by the secret and certificate types. */
interface Application {
  tenantId: string;
  clientId: string;
  authorityHost: string;
}

function readApplication(agent: Agent, problems: InputProblems, authType: AuthType): Application {
  const needs = `authType ${authType} needs it`;
  const tenantInput = readInput(agent, 'tenantId');
  const clientInput = readInput(agent, 'clientId');
  const tenantId = tenantInput === undefined
    ? required(problems, 'tenantId', undefined, `${needs}: the tenant id (a GUID) or domain`)
    : problems.take('tenantId', checkTenantId(tenantInput), '');
  const clientId = clientInput === undefined
    ? required(problems, 'clientId', undefined, `${needs}: the application (client) id`)
    : problems.take('clientId', checkClientId(clientInput), '');
  const authority = readUrlInput(agent, 'authorityHost') ?? DEFAULT_AUTHORITY_HOST;
  const authorityHost = problems.take('authorityHost', checkAuthorityHost(authority), DEFAULT_AUTHORITY_HOST);
  return { tenantId, clientId, authorityHost };
}

/**
 * The PEM at `path`. An empty filePath input reaches the task as the sources directory, so a directory means
 * "no certificate given", the same as a missing file.
 */
export function readCertificateFile(path: string): Checked<string> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    return invalid(`the file ${quote(path)} does not exist. ${PEM_EXPECTED}.`);
  }
  if (stat.isDirectory()) {
    const why = `${quote(path)} is a directory, which is what an empty certificatePath becomes`;
    return invalid(`no certificate file is given (${why}). ${PEM_EXPECTED}.`);
  }
  if (!stat.isFile()) return invalid(`${quote(path)} is not a file. ${PEM_EXPECTED}.`);
  if (stat.size > MAX_PEM_BYTES) return invalid(`the file ${quote(path)} is larger than 1 MB. ${PEM_EXPECTED}.`);
  try {
    return valid(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return invalid(`the file ${quote(path)} cannot be read (${code}). ${PEM_EXPECTED}.`);
  }
}

function readClientCertificate(agent: Agent, problems: InputProblems): SignIn {
  const application = readApplication(agent, problems, 'clientCertificate');
  const path = readInput(agent, 'certificatePath');
  if (path === undefined) {
    required(problems, 'certificatePath', path, `authType clientCertificate needs it. ${PEM_EXPECTED}`);
    return NO_SIGN_IN;
  }
  const file = readCertificateFile(path);
  if (file.ok) registerSecret(agent, file.value);
  const checked = file.ok ? checkCertificatePem(file.value, `the file ${quote(path)}`) : file;
  const pem = problems.take('certificatePath', checked, '');
  return {
    credential: { kind: 'certificate', ...application, certificatePem: pem },
    identityDescription: `client certificate of application ${application.clientId} (tenant ${application.tenantId})`,
  };
}

function readClientSecret(agent: Agent, problems: InputProblems): SignIn {
  const clientSecret = readSecretInput(agent, 'clientSecret');
  const application = readApplication(agent, problems, 'clientSecret');
  const expected = 'authType clientSecret needs the application secret; pass a secret variable';
  required(problems, 'clientSecret', clientSecret, expected);
  return {
    credential: { kind: 'secret', ...application, clientSecret: clientSecret ?? '' },
    identityDescription: `client secret of application ${application.clientId} (tenant ${application.tenantId})`,
  };
}

function readManagedIdentity(agent: Agent, problems: InputProblems): SignIn {
  const clientInput = readInput(agent, 'clientId');
  if (clientInput === undefined) {
    return { credential: { kind: 'managedIdentity' }, identityDescription: 'managed identity (system-assigned)' };
  }
  const clientId = problems.take('clientId', checkClientId(clientInput), '');
  return {
    credential: { kind: 'managedIdentity', clientId },
    identityDescription: `managed identity (client ${clientId})`,
  };
}

/** The credential of the chosen authType; problems are recorded and a placeholder returned. */
export function readSignIn(agent: Agent, problems: InputProblems): SignIn {
  const choice = checkChoice(readInput(agent, 'authType') ?? 'serviceConnection', AUTH_TYPES);
  const authType = problems.take('authType', choice, undefined);
  switch (authType) {
    case 'serviceConnection':
      return readServiceConnection(agent, problems);
    case 'clientSecret':
      return readClientSecret(agent, problems);
    case 'clientCertificate':
      return readClientCertificate(agent, problems);
    case 'managedIdentity':
      return readManagedIdentity(agent, problems);
    case 'databricksConnection':
      return readDatabricksConnection(agent, problems);
    default:
      return NO_SIGN_IN;
  }
}
