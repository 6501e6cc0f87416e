// What every Databricks endpoint shares: the error shape {"error_code","message"}, the caller check (a live
// emulator token for the Databricks resource whose identity was added to the workspace) and body reading.

import { isJsonObject, type JsonObject } from '../json';
import { bearerToken, type Reply, type RequestContext } from '../route';
import { DATABRICKS_RESOURCE } from '../tokenIssuer';
import { stringClaim } from '../jwt';
import { WORKSPACE_TOKEN_AUDIENCE } from './workspaceOAuth';
import type { ServicePrincipal } from './workspaceState';

export function databricksError(status: number, errorCode: string, message: string): Reply {
  return { status, body: { error_code: errorCode, message } };
}

export interface Caller {
  /** the token's appid */
  applicationId: string;
  principal: ServicePrincipal;
}

export type CallerCheck = { caller: Caller } | { reply: Reply };

/**
 * The page a workspace sends an identity it does not know (Jetty's error page; text as users reported it, e.g.
 * DataThirstLtd/databricks.vsts.tools#20: "Error 403 User not authorized. HTTP ERROR 403 Problem accessing
 * /api/2.0/workspace/mkdirs. Reason: User not authorized."): HTML, not the JSON error shape.
 */
function notAuthorizedPage(path: string): Reply {
  const text =
    '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n<title>Error 403 User not authorized.</title>\n</head>\n' +
    `<body><h2>HTTP ERROR 403</h2>\n<p>Problem accessing ${path}. Reason:\n<pre>    User not authorized.</pre></p>\n</body>\n</html>\n`;
  return { status: 403, text, contentType: 'text/html;charset=utf-8' };
}

/** A caller outside the network of a Private Link workspace is sent to the login page with this error. */
export function privateLinkRedirect(context: RequestContext): Reply {
  const location = `${context.state.url}/login.html?error=private-link-validation-error`;
  return { status: 302, text: `<a href="${location}">Found</a>.`, contentType: 'text/html; charset=utf-8', headers: { location } };
}

/** The identity behind the bearer token, or the answer Databricks gives instead (401, 403 page, redirect). */
export function authenticate(context: RequestContext): CallerCheck {
  if (context.state.workspace.privateLink) {
    return { reply: privateLinkRedirect(context) };
  }
  const token = bearerToken(context.headers);
  if (token === undefined) {
    return { reply: databricksError(401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.') };
  }
  // Databricks personal access tokens start with `dapi` (docs.databricks.com dev-tools/auth/pat); the 401 text for
  // an unknown one below is a best guess.
  if (token.startsWith('dapi')) {
    return personalAccessTokenCaller(context, token);
  }
  const check = context.state.tokens.check(token);
  if (!check.valid) {
    const why = check.problem === 'expired' ? 'Token is expired.' : 'Invalid access token.';
    return { reply: databricksError(401, 'UNAUTHENTICATED', why) };
  }
  const claims = check.issued.claims;
  const audience = stringClaim(claims, 'aud');
  // An Entra token for Azure Databricks, or one of the workspace's own OAuth tokens (POST /oidc/v1/token)
  if (check.issued.kind !== 'access' || (audience !== DATABRICKS_RESOURCE && audience !== WORKSPACE_TOKEN_AUDIENCE)) {
    return { reply: databricksError(401, 'UNAUTHENTICATED', `Invalid access token. Expected aud claim to be: ${DATABRICKS_RESOURCE}, but was: ${audience ?? ''}.`) };
  }
  const applicationId = stringClaim(claims, 'appid') ?? '';
  context.annotations.caller = applicationId;
  const secondsLeft = check.issued.expiresAt - Date.now() / 1000;
  context.annotations.tokenSecondsLeft = Math.round(secondsLeft * 10) / 10;
  const margin = context.state.workspace.refuseTokensExpiringWithinSeconds;
  if (margin > 0 && secondsLeft <= margin) {
    // best guess at the wording; the rule itself is from databricks-sdk-go config/oauth_visitors.go
    return { reply: databricksError(401, 'UNAUTHENTICATED', `Invalid access token. The token expires in ${Math.floor(secondsLeft)} seconds.`) };
  }
  return callerOf(context, applicationId);
}

/** The workspace's service principal with this application id, or the page for an identity it does not know. */
function callerOf(context: RequestContext, applicationId: string): CallerCheck {
  const principal = context.state.workspace.servicePrincipal(applicationId);
  if (principal === undefined) {
    return { reply: notAuthorizedPage(context.path) };
  }
  return { caller: { applicationId, principal } };
}

/** A personal access token: its owner, or 401 for one the workspace does not know (never issued, or revoked). */
function personalAccessTokenCaller(context: RequestContext, token: string): CallerCheck {
  const owner = context.state.workspace.oauth.ownerOfPersonalAccessToken(token);
  if (owner === undefined) {
    return { reply: databricksError(401, 'UNAUTHENTICATED', 'Invalid access token.') };
  }
  context.annotations.caller = owner;
  return callerOf(context, owner);
}

export type BodyCheck = { body: JsonObject } | { reply: Reply };

/** The JSON object body of a write request; `{}` when empty; 400 MALFORMED_REQUEST when not an object. */
export function jsonObjectBody(context: RequestContext): BodyCheck {
  if (context.rawBody.trim() === '') {
    return { body: {} };
  }
  if (!isJsonObject(context.body)) {
    return { reply: databricksError(400, 'MALFORMED_REQUEST', 'Invalid JSON given in the body of the request - expected a map') };
  }
  return { body: context.body };
}

/** 404 FEATURE_DISABLED when the Repos feature is off in the workspace. */
export function reposDisabled(context: RequestContext): Reply | undefined {
  return context.state.workspace.reposEnabled ? undefined : databricksError(404, 'FEATURE_DISABLED', 'Repos is not enabled.');
}

/** A `{id}` path parameter as an int64, or the 404 for a malformed id. */
export function idParam(context: RequestContext, what: string): bigint | Reply {
  const raw = context.params.id ?? '';
  return /^\d{1,19}$/.test(raw) ? BigInt(raw) : databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `${what} ${raw} does not exist.`);
}
