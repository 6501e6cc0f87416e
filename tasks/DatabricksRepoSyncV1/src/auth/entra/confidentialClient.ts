// The MSAL confidential client shared by the secret, certificate and federation handlers: one app, both scopes at once.

import { ConfidentialClientApplication } from '@azure/msal-node';
import type { NodeAuthOptions } from '@azure/msal-node';
import { neutralise } from '../../log';
import type { EntraApplication } from '../../options';
import { AuthError, type AuthDependencies, type TokenRequest, type Tokens } from '../types';
import { toAuthError } from './entraErrors';
import { createMsalNetworkClient } from './msalNetwork';
import { scopeTokens } from './scopeTokens';

/** Who signs in: the application in its tenant, at an Entra authority host. */
export type ApplicationIdentity = EntraApplication;

/** Exactly one of MSAL's credential options. */
export type ApplicationCredential = Pick<NodeAuthOptions, 'clientSecret' | 'clientAssertion' | 'clientCertificate'>;

const SIGN_IN = 'Signing in to Entra ID';

/** Gets the Databricks token, and the Azure DevOps token when asked, with one ConfidentialClientApplication. */
export async function acquireConfidentialTokens(
  identity: ApplicationIdentity,
  credential: ApplicationCredential,
  request: TokenRequest,
  deps: AuthDependencies,
): Promise<Tokens> {
  const authorityOrigin = originOf(identity.authorityHost);
  const authority = `${authorityOrigin}/${encodeURIComponent(identity.tenantId)}`;
  let app: ConfidentialClientApplication;
  try {
    app = new ConfidentialClientApplication({
      auth: {
        clientId: identity.clientId,
        authority,
        // a known authority needs no instance-discovery call to the public cloud (sovereign clouds, tests)
        knownAuthorities: [new URL(authorityOrigin).host],
        authorityMetadata: entraAuthorityMetadata(authorityOrigin, identity.tenantId),
        ...credential,
      },
      system: {
        networkClient: createMsalNetworkClient(deps.http, 'requesting an Entra ID token', identity.authoritySource ?? 'authorityHost'),
      },
    });
  } catch (error) {
    throw toAuthError(error, SIGN_IN);
  }
  // skipCache: a refresh comes only when the token in hand is about to expire, and then a new one is wanted
  const tokens = await scopeTokens(request, deps, SIGN_IN, (scope) => app.acquireTokenByClientCredential({ scopes: [scope], skipCache: true }));
  return { ...tokens, clientId: identity.clientId };
}

/**
 * Entra's v2 endpoints have a fixed layout, so MSAL is given them instead of fetching
 * `/.well-known/openid-configuration` (one round trip less, and none through a proxy that may block it).
 */
export function entraAuthorityMetadata(authorityOrigin: string, tenantId: string): string {
  const base = `${authorityOrigin}/${encodeURIComponent(tenantId)}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

/** The authority host as an origin; the service connection's `activeDirectoryAuthority` ends with a slash. */
export function originOf(authorityHost: string): string {
  const shown = neutralise(authorityHost);
  let url: URL;
  try {
    url = new URL(authorityHost.trim());
  } catch {
    throw new AuthError(`The Entra authority host '${shown}' is not a URL, e.g. https://login.microsoftonline.com.`);
  }
  if (url.protocol !== 'https:') {
    throw new AuthError(`The Entra authority host '${shown}' must be an https:// URL.`);
  }
  return url.origin;
}
