// POST /oidc/v1/token: the workspace's own OAuth token endpoint. Client credentials with the service principal's
// application id and OAuth secret in HTTP Basic, each URL-encoded (as databricks-sdk-go sends them through
// golang/oauth2 AuthStyleInHeader), and RFC 8693 token exchange of an ID token against the service principal's
// federation policies (issuer, subject, audiences; databricks-sdk-go config/experimental/auth/oidc/tokensource.go
// sends grant_type, subject_token, subject_token_type, scope and client_id). Errors are `{error, error_description}`;
// the descriptions are best guesses.

import { stringClaim, audienceClaim } from '../jwt';
import { headerValue, type Reply, type RequestContext, type Route } from '../route';
import { privateLinkRedirect } from './api';
import { WORKSPACE_TOKEN_AUDIENCE, type FederationPolicy } from './workspaceOAuth';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

/** The application id a request signs in as, or the refusal. */
type SignIn = { applicationId: string } | { reply: Reply };

/** `Authorization: Basic base64(urlencode(id):urlencode(secret))`. */
function clientCredentials(context: RequestContext): SignIn {
  const header = headerValue(context.headers, 'authorization') ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) return { reply: oauthError(401, 'invalid_client', 'Client authentication failed: no client credentials were sent.') };
  const [id, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)].map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const { workspace } = context.state;
  if (workspace.servicePrincipal(id) === undefined || !workspace.oauth.hasSecret(id, secret)) {
    return { reply: oauthError(401, 'invalid_client', 'Client authentication failed.') };
  }
  return { applicationId: id };
}

function matches(policy: FederationPolicy, issuer: string, subject: string, audiences: string[]): boolean {
  return policy.issuer === issuer && policy.subject === subject && audiences.some((audience) => policy.audiences.includes(audience));
}

/** The ID token in subject_token, checked against the federation policies of the service principal in client_id. */
function tokenExchange(context: RequestContext, form: URLSearchParams): SignIn {
  if (form.get('subject_token_type') !== JWT_TOKEN_TYPE) {
    return { reply: oauthError(400, 'invalid_request', `subject_token_type must be ${JWT_TOKEN_TYPE}.`) };
  }
  const clientId = form.get('client_id') ?? '';
  if (clientId === '' || context.state.workspace.servicePrincipal(clientId) === undefined) {
    return { reply: oauthError(400, 'invalid_request', 'client_id must be the application id of a service principal of this workspace.') };
  }
  const check = context.state.tokens.check(form.get('subject_token') ?? '');
  if (!check.valid || check.issued.kind !== 'oidc') {
    const why = check.valid ? 'is not an ID token' : check.problem === 'expired' ? 'has expired' : 'is not valid';
    return { reply: oauthError(400, 'invalid_grant', `The subject token ${why}.`) };
  }
  const claims = check.issued.claims;
  const [issuer, subject] = [stringClaim(claims, 'iss') ?? '', stringClaim(claims, 'sub') ?? ''];
  const policies = context.state.workspace.oauth.federationPolicies(clientId);
  if (!policies.some((policy) => matches(policy, issuer, subject, audienceClaim(claims)))) {
    return { reply: oauthError(400, 'invalid_grant', 'Token exchange failed: the subject token does not match any federation policy of the service principal.') };
  }
  return { applicationId: clientId };
}

function token(context: RequestContext): Reply {
  if (context.state.workspace.privateLink) return privateLinkRedirect(context);
  const form = context.form;
  if (form === undefined) return oauthError(400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
  if (form.get('scope') !== 'all-apis') return oauthError(400, 'invalid_scope', 'scope must be all-apis.');
  const grant = form.get('grant_type');
  const signIn = grant === 'client_credentials' ? clientCredentials(context) : grant === TOKEN_EXCHANGE ? tokenExchange(context, form) : undefined;
  if (signIn === undefined) return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type ${grant ?? '(none)'}.`);
  if ('reply' in signIn) return signIn.reply;
  const lifetime = context.state.settings.accessTokenLifetimeSeconds;
  const issued = context.state.tokens.issueAccessToken({
    tenantId: 'databricks-account',
    clientId: signIn.applicationId,
    resource: WORKSPACE_TOKEN_AUDIENCE,
    lifetimeSeconds: lifetime,
    method: grant === 'client_credentials' ? 'secret' : 'federated',
  });
  return { status: 200, body: { access_token: issued.token, token_type: 'Bearer', expires_in: lifetime, scope: 'all-apis' } };
}

export const workspaceTokenRoutes: Route[] = [{ method: 'POST', pattern: '/oidc/v1/token', service: 'databricks', handle: token }];
