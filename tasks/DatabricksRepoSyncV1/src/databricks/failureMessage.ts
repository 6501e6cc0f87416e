// The one place a failed Databricks call becomes a message for the pipeline user: what was being done, the HTTP
// status, Databricks' error_code and message, and the likely fix.

import * as http from 'node:http';
import { neutralise, serverLine } from '../log';
import { errorFields } from '../http/errorBody';
import type { HttpResponse, NetworkError } from '../http/types';
import { DatabricksError } from './errors';
import { isPrivateLinkRedirect, privateLinkFailure } from './privateLink';

const MAX_SERVER_MESSAGE = 400;

/** What a server said about its failure, whatever shape the body had. */
export interface ServerError {
  errorCode?: string;
  /** neutralised, one line, trimmed */
  message?: string;
}

const ADD_TO_WORKSPACE = 'a workspace admin adds the service principal by its application id under Settings > Identity and access > Service principals';

const FIX = {
  unauthenticated:
    `the identity is not added to this workspace (or its token is for another tenant): ${ADD_TO_WORKSPACE}, with the Workspace access entitlement; with a Databricks workspace connection, also check that its personal access token has not expired or been revoked`,
  permission:
    'give the identity the Manage (CAN_MANAGE) permission on the Git folder or its parent folder, and check it has the Workspace access entitlement',
  notInWorkspace: `the identity is not added to this workspace (or lacks the Workspace access entitlement): ${ADD_TO_WORKSPACE} and ticks Workspace access`,
  cannotChooseCredential:
    'the identity holds more than one Git credential that can serve this repository, and on a Git folder with Git CLI access Databricks does not pick one: let the task manage the credential (gitCredential entraToken, federated or personalAccessToken: it names the credential on every operation), or delete the identity\'s other credentials for this provider so that one remains',
  gitCredential:
    'the identity must be a user of the Azure DevOps organisation with Basic access and read access to the repository (for other providers: a token with read access to it), and its Databricks Git credential must be valid (gitCredential entraToken or federated, or a personalAccessToken that has not expired)',
  unknownRef: 'the branch or tag does not exist in the remote repository: check the branch/tag input (names are case-sensitive) and that it was pushed',
  protectedDirectory:
    'under /Repos a Git folder must be exactly /Repos/<folder>/<name>, and /Repos/<folder> holds only Git folders: choose such a repoPath, or one outside /Repos such as /Shared/<name>',
  featureDisabled: 'Git folders (Repos) are disabled in this workspace: a workspace admin enables them in the workspace settings',
  uncommittedChanges:
    'the Git folder has uncommitted changes that the update would overwrite: commit or discard them in the workspace, or set discardLocalChanges: true to throw them away on every update',
  sparsePattern:
    'sparseCheckoutPatterns must be cone patterns: one folder path a line, such as src/jobs, without wildcards, negation or a leading /',
  urlNotAllowed: "the repository URL is not in the workspace's Git URL allow list: a workspace admin adds it",
  parentMissing: 'the parent folder does not exist: set createIfMissing to true, or create the folder first',
  notFound: 'the object does not exist (any more): another run may have deleted it meanwhile; run again',
  conflict:
    'something already exists there, or another run changed it at the same moment: run again; if repoPath holds something that is not a Git folder, move it or choose another path',
  busy: 'Databricks kept answering like this until the retry budget ran out: run again later, or raise retryTimeoutSeconds',
  serverError: 'Databricks had an internal error: run again; if it persists, check the Databricks status page',
  redirect: 'databricksHost must be the workspace URL itself, https://adb-<workspace id>.<n>.azuredatabricks.net',
  proxyAuth: "the agent's proxy refused the request: check the proxy credentials of the agent",
  rejected: 'Databricks rejected the request: check the task inputs against its message',
  timeout: 'the request took longer than requestTimeoutSeconds: raise requestTimeoutSeconds (checking out a large repository is slow)',
  untrustedCertificate:
    "the server's TLS certificate is not trusted: if a proxy inspects TLS, configure the agent with its CA certificate (config --sslcacert, which the task reads as Agent.CAInfo) or set NODE_EXTRA_CA_CERTS",
  proxyCredentials:
    "the agent's proxy asks for credentials it did not get or refused them: check the agent's proxy user name and password (config --proxyusername / --proxypassword)",
  notJson: 'the answer did not come from the Databricks REST API: databricksHost must be the workspace URL, and a proxy must not answer in its place',
} as const;

/** Git credential troubles arrive as 400 or 403 with these phrases; their fix is the same. */
const GIT_CREDENTIAL_PHRASES = [
  'invalid git provider credentials',
  'azure active directory credentials',
  'remote repo not found',
  'missing git provider credentials',
];

/** Reads an error body: Databricks JSON, legacy `{error}`, SCIM `{detail}`, plain `CODE: message`, HTML, or nothing. */
export function readServerError(status: number, text: string): ServerError {
  const body = text.trim();
  const statusText = http.STATUS_CODES[status];
  if (!body) return { message: statusText };
  if (body.startsWith('<')) return { message: cleanMessage(htmlText(body) || statusText) };
  const { errorCode, message } = errorFields(body);
  if (errorCode !== undefined || message !== undefined) return { errorCode, message: cleanMessage(message ?? statusText) };
  // JSON without those fields says nothing a person can read; any other text is the message itself.
  return { message: cleanMessage(isJsonObject(body) ? statusText : body) };
}

function isJsonObject(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

function htmlText(html: string): string {
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/i.exec(html) ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  return (pre ? pre[1] : html).replace(/<[^>]*>/g, ' ');
}

/** One neutralised line of bounded length: server text may be long, multi-line, or try to issue logging commands. */
function cleanMessage(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return serverLine(text, MAX_SERVER_MESSAGE) || undefined;
}

/**
 * The likely fix. Codes and phrases that name one cause win; then the HTTP status decides, then the generic
 * error_code (Databricks' codes do not always agree with the status: mkdirs answers RESOURCE_ALREADY_EXISTS as 400).
 */
export function likelyFix(status: number, error: ServerError): string {
  const code = error.errorCode?.toUpperCase();
  const message = (error.message ?? '').toLowerCase();
  return specificFix(code, message) ?? fixByStatus(status, message) ?? fixByCode(code, message) ?? fixByRange(status);
}

function specificFix(code: string | undefined, message: string): string | undefined {
  // Jetty's page for an identity the workspace does not know: "Error 403 User not authorized."
  if (message.includes('user not authorized')) return FIX.notInWorkspace;
  if (code === 'GIT_CLI_CANNOT_CHOOSE_CREDENTIAL') return FIX.cannotChooseCredential;
  if (GIT_CREDENTIAL_PHRASES.some((phrase) => message.includes(phrase))) return FIX.gitCredential;
  if (code === 'GIT_UNKNOWN_REF') return FIX.unknownRef;
  if (code === 'DIRECTORY_PROTECTED') return FIX.protectedDirectory;
  if (code === 'FEATURE_DISABLED') return FIX.featureDisabled;
  if (/sparse[- ]checkout cone pattern/.test(message)) return FIX.sparsePattern;
  if (message.includes('uncommitted changes') || message.includes('dangerously_force_discard_all')) return FIX.uncommittedChanges;
  if (message.includes('is disallowed in your workspace')) return FIX.urlNotAllowed;
  return undefined;
}

function fixByStatus(status: number, message: string): string | undefined {
  switch (status) {
    case 401:
      return FIX.unauthenticated;
    case 403:
      return FIX.permission;
    case 404:
      return message.includes('parent directory') ? FIX.parentMissing : FIX.notFound;
    case 407:
      return FIX.proxyAuth;
    case 409:
      return FIX.conflict;
    case 429:
    case 502:
    case 503:
    case 504:
      return FIX.busy;
    default:
      return undefined;
  }
}

function fixByCode(code: string | undefined, message: string): string | undefined {
  switch (code) {
    case 'PERMISSION_DENIED':
      return FIX.permission;
    case 'RESOURCE_DOES_NOT_EXIST':
      return message.includes('parent directory') ? FIX.parentMissing : FIX.notFound;
    case 'ALREADY_EXISTS':
    case 'RESOURCE_ALREADY_EXISTS':
      return FIX.conflict;
    case 'RESOURCE_EXHAUSTED':
    case 'REQUEST_LIMIT_EXCEEDED':
    case 'TEMPORARILY_UNAVAILABLE':
      return FIX.busy;
    default:
      return undefined;
  }
}

function fixByRange(status: number): string {
  if (status >= 300 && status < 400) return FIX.redirect;
  if (status >= 500) return FIX.serverError;
  return FIX.rejected;
}

/** The host that failed and the input that named it: "databricksHost (adb-1.2.azuredatabricks.net)". */
function failedHost(error: NetworkError): string {
  const { host, hostSource } = error.details;
  if (hostSource && host) return `${hostSource} (${host})`;
  return hostSource ?? host ?? 'the host';
}

/** The likely fix of a request that got no answer from its server (also used for sign-in requests). */
export function networkFix(error: NetworkError): string {
  const { code } = error;
  const { proxy, proxyStatus, host } = error.details;
  if (code === 'ERR_PROXY_REFUSED') {
    if (proxyStatus === 407) return FIX.proxyCredentials;
    const reach = `the agent's proxy ${proxy ?? ''} did not open a tunnel to ${host ?? 'the host'}`.replace('  ', ' ');
    return `${reach}: ask the proxy's administrators to allow it, or add it to the agent's proxy bypass list; check ${failedHost(error)} too`;
  }
  if (code === 'ERR_RETRY_BUDGET') return FIX.busy;
  if (['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT'].includes(code)) return FIX.timeout;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `the host name does not resolve: check ${failedHost(error)} and the agent's DNS and proxy settings`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/.test(code)) return FIX.untrustedCertificate;
  return `${failedHost(error)} could not be reached until the retry budget ran out: check it and the agent's network and proxy settings, or raise retryTimeoutSeconds`;
}

/** "Creating the Git folder /Repos/ci/app failed: <what>. Fix: <fix>." — the only place the sentence is put together. */
function composeMessage(operation: string, what: string, fix: string): string {
  const subject = operation ? operation[0].toUpperCase() + operation.slice(1) : 'A Databricks request';
  // Neutralised as a whole: the operation may name a path the server reported, and error_code is server text too.
  return neutralise(`${subject} failed: ${what.replace(/[.\s]+$/, '')}. Fix: ${fix}.`);
}

/** "CODE: message", without the code twice when Databricks' message already starts with it. */
function codeAndMessage(error: ServerError): string {
  const { errorCode, message } = error;
  if (errorCode && message && message.toUpperCase().startsWith(errorCode.toUpperCase())) return message;
  return [errorCode, message].filter(Boolean).join(': ');
}

/** A non-2xx answer as the error the user reads; `host` is the workspace's, for the Private Link message. */
export function failureFromResponse(operation: string, response: HttpResponse, host: string): DatabricksError {
  const { status, text, headers } = response;
  if (isPrivateLinkRedirect(status, headers['location'])) {
    const { what, fix } = privateLinkFailure(host);
    return new DatabricksError(composeMessage(operation, `HTTP ${status}: ${what}`, fix), operation, status, 'PRIVATE_LINK_VALIDATION_ERROR', undefined);
  }
  const error = readServerError(status, text);
  const said = codeAndMessage(error);
  const what = said ? `HTTP ${status} ${said}` : `HTTP ${status}`;
  const message = composeMessage(operation, what, likelyFix(status, error));
  return new DatabricksError(message, operation, status, error.errorCode, error.message, headers['retry-after']);
}

/** No answer at all, after the retries the budget allowed; status 0. */
export function failureFromNetwork(operation: string, error: NetworkError): DatabricksError {
  return new DatabricksError(composeMessage(operation, neutralise(error.message), networkFix(error)), operation, 0, undefined, undefined);
}

/** A 2xx answer that is not the JSON the API sends, e.g. a sign-in page of a proxy. */
export function failureFromUnreadableAnswer(operation: string, status: number, text: string): DatabricksError {
  const start = cleanMessage(text.slice(0, 80)) ?? 'an empty body';
  return new DatabricksError(
    composeMessage(operation, `HTTP ${status} with an answer that is not JSON (${start})`, FIX.notJson),
    operation,
    status,
    undefined,
    undefined,
  );
}

/** A 2xx answer without a field the run needs, or with a field of the wrong type: never guessed around. */
export function failureFromIncompleteAnswer(operation: string, field: string, expected: string, found: string): DatabricksError {
  const what = `the answer's field ${field} should be ${expected} but is ${found}`;
  return new DatabricksError(composeMessage(operation, what, FIX.notJson), operation, 200, undefined, undefined);
}
