// Entra ID's error answers: the catalogue of AADSTS failures the emulator gives, in Entra's JSON shape
// ({error, error_description "AADSTS…: …", error_codes, timestamp, trace_id, correlation_id}).

import * as crypto from 'node:crypto';
import type { Reply } from './route';

export interface EntraFailure {
  status: number;
  /** OAuth error: invalid_client, invalid_request, unauthorized_client… */
  error: string;
  /** the AADSTS number */
  code: number;
  description: string;
}

/** The HTTP answer for a failure; the correlation id echoes the client's `client-request-id` when sent. */
export function entraErrorReply(failure: EntraFailure, authorityHost: string, correlationId?: string): Reply {
  const traceId = crypto.randomUUID();
  const correlation = correlationId ?? crypto.randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status: failure.status,
    body: {
      error: failure.error,
      error_description: `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
      error_codes: [failure.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `${authorityHost}/error?code=${failure.code}`,
    },
  };
}

export const entraFailures = {
  tenantNotFound: (tenant: string): EntraFailure => ({
    status: 400,
    error: 'invalid_tenant',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  unsupportedGrant: (grant: string): EntraFailure => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grant}'.`,
  }),
  applicationNotFound: (clientId: string, tenant: string): EntraFailure => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  invalidScope: (scope: string): EntraFailure => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  resourceNotFound: (resource: string, tenant: string): EntraFailure => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    description: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  missingCredential: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidSecret: (clientId: string): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  expiredSecret: (clientId: string): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    description: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  malformedAssertion: (detail: string): EntraFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 50027,
    description: `JWT token is invalid or is malformed. ${detail}`,
  }),
  certificateNotRegistered: (thumbprint: string, clientId: string): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
  }),
  signatureInvalid: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: 'Client assertion failed signature validation.',
  }),
  assertionClientMismatch: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700021,
    description: "Client assertion application identifier doesn't match 'client_id' parameter.",
  }),
  assertionExpired: (now: number, notBefore: number | undefined, expiry: number | undefined): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    description: `Client assertion is not within its valid time range. Current time: ${isoTime(now)}, assertion valid from ${isoTime(notBefore)}, expiry time of assertion ${isoTime(expiry)}.`,
  }),
  // The three texts below are best guesses in the style of AADSTS70021's; the codes are Entra's.
  noFederatedIssuer: (issuer: string): EntraFailure => ({
    status: 400,
    error: 'invalid_client',
    code: 700211,
    description: `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
  }),
  noFederatedSubject: (subject: string): EntraFailure => ({
    status: 400,
    error: 'invalid_client',
    code: 700213,
    description: `No matching federated identity record found for presented assertion subject '${subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
  }),
  federatedSubjectCase: (subject: string): EntraFailure => ({
    status: 400,
    error: 'invalid_client',
    code: 7002138,
    description: `No matching federated identity record found for presented assertion subject '${subject}'. A record matches when compared case-insensitively; federated identity credentials are matched case-sensitively.`,
  }),
  noFederatedMatch: (issuer: string, subject: string, audience: string): EntraFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 70021,
    description: `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'.`,
  }),
};

function isoTime(seconds: number | undefined): string {
  return seconds === undefined ? 'unknown' : new Date(seconds * 1000).toISOString();
}
