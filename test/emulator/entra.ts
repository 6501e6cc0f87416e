// Entra ID v2 endpoints for the emulator: OpenID metadata (both well-known paths), instance discovery, signing keys
// and the client-credentials token endpoint (secret, certificate assertion, federated assertion).

import { checkClientAssertion } from './entraAssertions';
import type { Tenant } from './entraDirectory';
import { entraErrorReply, entraFailures, type EntraFailure } from './entraErrors';
import { headerValue, type Reply, type RequestContext, type Route } from './route';
import type { EmulatorState } from './state';
import type { AuthenticationMethod } from './tokenIssuer';

/** The OpenID configuration msal-node reads; endpoints name the tenant by id, as Entra's do. */
function openIdConfiguration(context: RequestContext): Reply {
  const { url } = context.state;
  const tenant = context.state.entra.findTenant(context.params.tenant);
  if (tenant === undefined) {
    return entraErrorReply(entraFailures.tenantNotFound(context.params.tenant), url);
  }
  const base = `${url}/${tenant.id}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/openid/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(url).host,
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    },
  };
}

/** msal's instance discovery: this host is its own cloud with no aliases. */
function instanceDiscovery(context: RequestContext): Reply {
  const host = new URL(context.state.url).host;
  const authorization = context.query.get('authorization_endpoint') ?? `${context.state.url}/common/oauth2/v2.0/authorize`;
  const tenant = new URL(authorization, context.state.url).pathname.split('/')[1] || 'common';
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${context.state.url}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

function signingKeys(context: RequestContext): Reply {
  return { status: 200, body: context.state.tokens.jwks() };
}

/** The resource a scope or resource parameter names (`<guid>/.default`, `api://<guid>`), if the tenant knows it. */
export function resourceOf(state: EmulatorState, requested: string): string | undefined {
  const bare = requested.replace(/\/\.default$/, '').replace(/\/+$/, '');
  const candidates = [bare, bare.replace(/^api:\/\//, '')];
  return candidates.find((candidate) => state.entra.resources.has(candidate));
}

function scopeResource(state: EmulatorState, tenant: Tenant, form: URLSearchParams): string | EntraFailure {
  const requested = (form.get('scope') ?? form.get('resource') ?? '').split(' ');
  const scopes = requested.filter((scope) => scope !== '' && !['openid', 'profile', 'offline_access'].includes(scope));
  const scope = scopes.join(' ');
  if (scopes.length !== 1 || (form.has('scope') && !scopes[0].endsWith('/.default'))) {
    return entraFailures.invalidScope(scope);
  }
  return resourceOf(state, scopes[0]) ?? entraFailures.resourceNotFound(scopes[0].replace(/\/\.default$/, ''), tenant.id);
}

/** Which credential the request proved; the application is known. */
function authenticateClient(context: RequestContext, tenant: Tenant, form: URLSearchParams): AuthenticationMethod | EntraFailure {
  const { state } = context;
  const application = state.entra.application(form.get('client_id') ?? '');
  const secret = form.get('client_secret');
  if (secret !== null) {
    const matching = application.secrets.find((candidate) => candidate.value === secret);
    if (matching === undefined) {
      return entraFailures.invalidSecret(application.clientId);
    }
    return matching.expiresAt.getTime() <= Date.now() ? entraFailures.expiredSecret(application.clientId) : 'secret';
  }
  const assertion = form.get('client_assertion');
  if (assertion === null || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return entraFailures.missingCredential();
  }
  const segments = [context.params.tenant, tenant.id, ...tenant.domains];
  const tokenEndpoints = segments.flatMap((segment) => [
    `${state.url}/${segment}/oauth2/v2.0/token`,
    `${state.url}/${segment}/oauth2/token`,
    `${state.url}/${segment}/v2.0`,
  ]);
  const check = checkClientAssertion(state, application, tokenEndpoints, assertion);
  return check.ok ? check.method : check.failure;
}

function token(context: RequestContext): Reply {
  const { state } = context;
  const correlationId = headerValue(context.headers, 'client-request-id');
  const fail = (failure: EntraFailure): Reply => entraErrorReply(failure, state.url, correlationId);
  const tenant = state.entra.findTenant(context.params.tenant);
  if (tenant === undefined) {
    return fail(entraFailures.tenantNotFound(context.params.tenant));
  }
  const form = context.form ?? new URLSearchParams(context.rawBody);
  const grant = form.get('grant_type') ?? '';
  if (grant !== 'client_credentials') {
    return fail(entraFailures.unsupportedGrant(grant));
  }
  const clientId = form.get('client_id') ?? '';
  const application = state.entra.applications.get(clientId);
  if (application === undefined || application.tenantId.toLowerCase() !== tenant.id.toLowerCase()) {
    return fail(entraFailures.applicationNotFound(clientId, context.params.tenant));
  }
  const resource = scopeResource(state, tenant, form);
  if (typeof resource !== 'string') {
    return fail(resource);
  }
  const method = authenticateClient(context, tenant, form);
  if (typeof method !== 'string') {
    return fail(method);
  }
  const lifetime = state.settings.accessTokenLifetimeSeconds;
  const issued = state.tokens.issueAccessToken({ tenantId: tenant.id, clientId, resource, lifetimeSeconds: lifetime, method, objectId: application.objectId });
  return {
    status: 200,
    headers: correlationId === undefined ? undefined : { 'client-request-id': correlationId },
    body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: issued.token },
  };
}

export const entraRoutes: Route[] = [
  { method: 'GET', pattern: '/{tenant}/v2.0/.well-known/openid-configuration', service: 'entra', handle: openIdConfiguration },
  { method: 'GET', pattern: '/{tenant}/.well-known/openid-configuration', service: 'entra', handle: openIdConfiguration },
  { method: 'GET', pattern: '/{tenant}/discovery/instance', service: 'entra', handle: instanceDiscovery },
  { method: 'GET', pattern: '/{tenant}/discovery/v2.0/keys', service: 'entra', handle: signingKeys },
  { method: 'GET', pattern: '/{tenant}/discovery/keys', service: 'entra', handle: signingKeys },
  { method: 'POST', pattern: '/{tenant}/oauth2/v2.0/token', service: 'entra', handle: token },
  { method: 'POST', pattern: '/{tenant}/oauth2/token', service: 'entra', handle: token },
];
