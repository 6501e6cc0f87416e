// Turns an Azure Resource Manager service connection into the credential the task signs in with (pure: no task-lib).

import type { EndpointAuthorization } from '../../agent';
import { neutralise } from '../../log';
import type { CredentialSource, EntraApplication } from '../../options';
import { authorizationParameter, idTokenSourceOf, type PipelineContext } from '../connectionAuthorization';
import { quote } from '../../validation/checked';
import { checkHttpsUrl } from '../../validation/httpsUrl';
import { InputError } from '../../validation/inputError';
import { checkCertificatePem } from '../../validation/pem';

export interface ServiceConnection {
  id: string;
  name?: string;
  authorization: EndpointAuthorization;
  /** endpoint data parameter (activeDirectoryAuthority, environmentAuthorityUrl, msiclientId) */
  data: (key: string) => string | undefined;
}

export const SUPPORTED_SCHEMES = ['ServicePrincipal', 'WorkloadIdentityFederation', 'ManagedServiceIdentity'] as const;
type Scheme = (typeof SUPPORTED_SCHEMES)[number];

/** The public cloud's Entra host: the fallback of a service connection and the default of the authorityHost input. */
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/** Authorization parameters that hold secrets; the agent does not mask idToken itself. */
const SECRET_PARAMETERS = ['idtoken', 'serviceprincipalkey', 'serviceprincipalcertificate', 'accesstoken'];

/** The secret values an authorization carries, to register with the agent before anything else runs. */
export function secretParameters(authorization: EndpointAuthorization): string[] {
  return Object.entries(authorization.parameters ?? {})
    .filter(([key, value]) => SECRET_PARAMETERS.includes(key.toLowerCase()) && typeof value === 'string')
    .filter(([, value]) => value !== '')
    .map(([, value]) => value);
}

function schemeOf(authorization: EndpointAuthorization): Scheme | undefined {
  const wanted = (authorization.scheme ?? '').trim().toLowerCase();
  return SUPPORTED_SCHEMES.find((scheme) => scheme.toLowerCase() === wanted);
}

/** The connection's Entra host; the `authorityHost` input is ignored (the agent always passes its default). */
function authorityHostOf(connection: ServiceConnection, problems: string[]): string {
  const configured = [connection.data('activeDirectoryAuthority'), connection.data('environmentAuthorityUrl')]
    .map((value) => value?.trim())
    .find((value) => value);
  const host = (configured ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  const expected = 'Expected an https:// Entra authority in the endpoint data activeDirectoryAuthority';
  const checked = checkHttpsUrl(host, expected);
  if (!checked.ok) problems.push(`has an unusable authority host: ${checked.problems[0]}`);
  return host;
}

type SignIn = EntraApplication;

function signInOf(connection: ServiceConnection, problems: string[]): SignIn {
  const clientId = authorizationParameter(connection.authorization, 'serviceprincipalid');
  const tenantId = authorizationParameter(connection.authorization, 'tenantid');
  if (!clientId) problems.push('has no application (client) id (authorization parameter serviceprincipalid).');
  if (!tenantId) problems.push('has no tenant id (authorization parameter tenantid).');
  return {
    authorityHost: authorityHostOf(connection, problems),
    authoritySource: "the service connection's Entra authority",
    tenantId: tenantId ?? '',
    clientId: clientId ?? '',
  };
}

function servicePrincipal(connection: ServiceConnection, problems: string[]): CredentialSource {
  const signIn = signInOf(connection, problems);
  const type = authorizationParameter(connection.authorization, 'authenticationType') ?? 'spnKey';
  if (type.toLowerCase() === 'spncertificate') {
    const pem = authorizationParameter(connection.authorization, 'servicePrincipalCertificate') ?? '';
    if (!pem) problems.push('has no certificate (authorization parameter servicePrincipalCertificate).');
    const checked = checkCertificatePem(pem, 'has a certificate that');
    if (pem && !checked.ok) problems.push(...checked.problems);
    return { kind: 'certificate', ...signIn, certificatePem: pem };
  }
  if (type.toLowerCase() !== 'spnkey') {
    problems.push(`has authenticationType ${quote(type)}. Supported: spnKey, spnCertificate.`);
  }
  const key = authorizationParameter(connection.authorization, 'serviceprincipalkey') ?? '';
  if (!key) problems.push('has no secret (authorization parameter serviceprincipalkey).');
  return { kind: 'secret', ...signIn, clientSecret: key };
}

function federation(connection: ServiceConnection, pipeline: PipelineContext, problems: string[]): CredentialSource {
  const signIn = signInOf(connection, problems);
  // An agent with late-bound ID tokens puts one in the authorization; otherwise ask Azure DevOps for each sign-in.
  const idToken = idTokenSourceOf(connection.id, connection.authorization, pipeline, problems, 'uses WorkloadIdentityFederation');
  return { kind: 'federation', ...signIn, idToken };
}

function managedIdentity(connection: ServiceConnection): CredentialSource {
  const clientId = connection.data('msiclientId')?.trim();
  return clientId ? { kind: 'managedIdentity', clientId } : { kind: 'managedIdentity' };
}

/** The label problems and the log use: the connection's name when known, else its id. */
function labelOf(connection: ServiceConnection): string {
  return `service connection ${quote(connection.name?.trim() || connection.id)}`;
}

/**
 * The credential of the connection. Throws InputError (problems named `azureSubscription`) when the scheme is not
 * supported or the connection lacks what its scheme needs.
 */
export function credentialFromServiceConnection(
  connection: ServiceConnection,
  pipeline: PipelineContext,
): CredentialSource {
  const problems: string[] = [];
  const scheme = schemeOf(connection.authorization);
  let credential: CredentialSource | undefined;
  if (scheme === 'ServicePrincipal') credential = servicePrincipal(connection, problems);
  else if (scheme === 'WorkloadIdentityFederation') credential = federation(connection, pipeline, problems);
  else if (scheme === 'ManagedServiceIdentity') credential = managedIdentity(connection);
  else {
    problems.push(
      `uses the authorization scheme ${quote(connection.authorization.scheme ?? '')}, ` +
        'which this task does not support. ' +
        `Supported: ${SUPPORTED_SCHEMES.join(', ')}.`,
    );
  }
  if (problems.length > 0 || credential === undefined) {
    throw new InputError(problems.map((problem) => `azureSubscription: ${labelOf(connection)} ${problem}`));
  }
  return credential;
}

/** e.g. "service connection 'prod' (WorkloadIdentityFederation, client 1111…, tenant 2222…)"; never a secret. */
export function describeServiceConnection(connection: ServiceConnection): string {
  const scheme = schemeOf(connection.authorization);
  const clientId = authorizationParameter(connection.authorization, 'serviceprincipalid');
  const tenantId = authorizationParameter(connection.authorization, 'tenantid');
  const details: string[] = [scheme ?? connection.authorization.scheme ?? 'unknown scheme'];
  if (scheme === 'ManagedServiceIdentity') {
    const msiClientId = connection.data('msiclientId')?.trim();
    details.push(msiClientId ? `client ${msiClientId}` : 'system-assigned');
  } else {
    if (scheme === 'ServicePrincipal') {
      const type = authorizationParameter(connection.authorization, 'authenticationType') ?? 'spnKey';
      details.push(type.toLowerCase() === 'spncertificate' ? 'certificate' : 'secret');
    }
    if (clientId) details.push(`client ${clientId}`);
    if (tenantId) details.push(`tenant ${tenantId}`);
  }
  return `${labelOf(connection)} (${neutralise(details.join(', '))})`;
}
