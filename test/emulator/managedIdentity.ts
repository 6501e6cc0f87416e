// Managed identity token endpoints: App Service style (`/msi/token`, header X-IDENTITY-HEADER; msal-node reads it
// from IDENTITY_ENDPOINT + IDENTITY_HEADER) and IMDS style (`/metadata/identity/oauth2/token`, header Metadata: true;
// msal-node reaches it through AZURE_POD_IDENTITY_AUTHORITY_HOST). A token's appid is the identity's client id.

import { resourceOf } from './entra';
import type { ManagedIdentity } from './entraDirectory';
import { headerValue, type Reply, type RequestContext, type Route } from './route';

type IdentityLookup = { identity: ManagedIdentity } | { reply: Reply };

function failure(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

/** The identity asked for by `client_id`, or the host's system-assigned one. */
function findIdentity(context: RequestContext): IdentityLookup {
  const { entra } = context.state;
  const requested = context.query.get('client_id') ?? context.query.get('clientid') ?? undefined;
  const clientId = requested ?? entra.managedIdentityEndpoint.systemAssignedClientId;
  const identity = clientId === undefined ? undefined : entra.managedIdentities.get(clientId);
  if (identity === undefined) {
    const which = requested === undefined ? 'No system-assigned managed identity is enabled on this host.' : `Identity '${requested}' not found.`;
    return { reply: failure(400, 'invalid_request', `Identity not found. ${which}`) };
  }
  return { identity };
}

/**
 * The transient answer queued by the knob, if any. Bodies are best guesses in the endpoints' `{error,
 * error_description}` shape; Microsoft documents the statuses ("410: IMDS is being updated", "404: the identity is
 * not found or not yet assigned", "5xx: retry") rather than their text.
 */
function transientAnswer(context: RequestContext): Reply | undefined {
  const status = context.state.entra.managedIdentityEndpoint.transientAnswers.shift();
  if (status === undefined) return undefined;
  const descriptions = { 404: 'Identity not found. The identity may not be assigned yet.', 410: 'IMDS is being updated. Retry later.', 500: 'Internal error.' };
  return failure(status, status === 500 ? 'server_error' : 'unavailable', descriptions[status]);
}

function issue(context: RequestContext, style: 'appService' | 'imds'): Reply {
  const transient = transientAnswer(context);
  if (transient !== undefined) {
    return transient;
  }
  const apiVersion = context.query.get('api-version');
  const expectedVersion = style === 'appService' ? '2019-08-01' : '2018-02-01';
  if (apiVersion !== expectedVersion) {
    return failure(400, 'invalid_request', `Unsupported api-version '${apiVersion ?? ''}'; this endpoint serves ${expectedVersion}.`);
  }
  const requestedResource = context.query.get('resource') ?? '';
  const resource = resourceOf(context.state, requestedResource);
  if (resource === undefined) {
    return failure(400, 'invalid_resource', `AADSTS500011: The resource principal named ${requestedResource} was not found.`);
  }
  const lookup = findIdentity(context);
  if ('reply' in lookup) {
    return lookup.reply;
  }
  const { identity } = lookup;
  const lifetime = context.state.settings.accessTokenLifetimeSeconds;
  const issued = context.state.tokens.issueAccessToken({
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    resource,
    lifetimeSeconds: lifetime,
    method: 'managedIdentity',
    objectId: identity.objectId,
  });
  const expiresOn = String(issued.expiresAt);
  const body =
    style === 'appService'
      ? { access_token: issued.token, expires_on: expiresOn, resource: requestedResource, token_type: 'Bearer', client_id: identity.clientId }
      : {
          access_token: issued.token,
          refresh_token: '',
          expires_in: String(lifetime),
          expires_on: expiresOn,
          not_before: String(issued.expiresAt - lifetime),
          resource: requestedResource,
          token_type: 'Bearer',
        };
  return { status: 200, body };
}

function appServiceToken(context: RequestContext): Reply {
  const header = headerValue(context.headers, 'x-identity-header');
  if (header !== context.state.entra.managedIdentityEndpoint.identityHeader) {
    return failure(401, 'unauthorized', 'The X-IDENTITY-HEADER header is missing or wrong.');
  }
  return issue(context, 'appService');
}

function imdsToken(context: RequestContext): Reply {
  if (headerValue(context.headers, 'metadata')?.toLowerCase() !== 'true') {
    return failure(400, 'invalid_request', 'Required metadata header not specified');
  }
  return issue(context, 'imds');
}

export const managedIdentityRoutes: Route[] = [
  { method: 'GET', pattern: '/msi/token', service: 'msi', handle: appServiceToken },
  { method: 'GET', pattern: '/metadata/identity/oauth2/token', service: 'msi', handle: imdsToken },
];
