// Whether Databricks can reach a remote repository on the caller's behalf (clone on create, fetch on update): the
// caller's Git credential for the provider, checked against the remote model and the Azure DevOps organisation.

import type { Organization } from '../azureDevOpsDirectory';
import { stringClaim } from '../jwt';
import { azureDevOpsOrganizationOf, normaliseRemoteUrl, type RemoteRepository } from '../remotes';
import type { Reply } from '../route';
import type { EmulatorState } from '../state';
import { AZURE_DEVOPS_RESOURCE, TOKEN_EXCHANGE_AUDIENCE } from '../tokenIssuer';
import { databricksError, type Caller } from './api';
import { AZURE_DEVOPS, AZURE_DEVOPS_AAD, credentialProvidersFor } from './providers';
import type { GitCredential } from './workspaceState';

export const GIT_MESSAGES = {
  missing: 'Missing Git provider credentials. Go to User Settings > Git Integration to add your personal access token.',
  invalid:
    'Invalid Git provider credentials. Go to User Settings > Git Integration to ensure that: 1. You have entered a username with your Git provider credentials. 2. You have selected the correct Git provider with your credentials. 3. Your personal access token or app password has the correct repo access. 4. Your personal access token has not expired. 5. If you have SSO enabled with your Git provider, be sure to authorize your tokens.',
  aad: 'Encountered an error with your Azure Active Directory credentials. Please try logging out of Azure Active Directory (https://portal.azure.com) and logging back in.',
  notFound:
    'Remote repo not found. Please ensure that: 1. Your remote Git repo URL is valid. 2. Your personal access token or app password has the correct repo access.',
};

const missing = (): Reply => databricksError(400, 'BAD_REQUEST', GIT_MESSAGES.missing);
const invalid = (): Reply => databricksError(403, 'PERMISSION_DENIED', GIT_MESSAGES.invalid);
const aadError = (): Reply => databricksError(403, 'PERMISSION_DENIED', GIT_MESSAGES.aad);
const notFound = (): Reply => databricksError(400, 'BAD_REQUEST', GIT_MESSAGES.notFound);

export type GitAccess = { ok: true; remote: RemoteRepository } | { ok: false; reply: Reply };

export interface GitAccessRequest {
  url: string;
  provider: string;
  /** git_credential_id of the request: that credential instead of the default one */
  credentialId?: bigint;
  /** the folder has (or the create makes one with) Git CLI access: the platform no longer guesses a credential */
  gitCli: boolean;
}

/**
 * Best-guess wording: the code is the one users reported (terraform-provider-databricks PR 5845), the message is
 * ours, since no public source quotes the server's text.
 */
const CANNOT_CHOOSE =
  'Cannot choose a Git credential for this Git folder: the user has more than one Git credential that can access the remote. Specify git_credential_id.';

/**
 * The credential Databricks uses: the one named by git_credential_id (per operation, never stored on the folder);
 * else the identity's default ("Each user has one default credential per Git provider, which is used when no specific
 * credential is selected", API reference) for the remote's own provider first. On a Git-CLI folder the platform does
 * not guess: more than one credential that could serve the remote is GIT_CLI_CANNOT_CHOOSE_CREDENTIAL.
 */
function chooseCredential(state: EmulatorState, caller: Caller, request: GitAccessRequest): GitCredential | Reply {
  const own = state.workspace.credentialsOf(caller.applicationId);
  if (request.credentialId !== undefined) {
    const named = own.find((credential) => credential.id === request.credentialId);
    return named ?? databricksError(400, 'INVALID_PARAMETER_VALUE', `Git credential ${request.credentialId} does not exist for the current user.`);
  }
  const usable = own.filter((credential) => credentialProvidersFor(request.provider).includes(credential.gitProvider));
  if (usable.length === 0) {
    return missing();
  }
  if (request.gitCli && usable.length > 1) {
    return databricksError(400, 'GIT_CLI_CANNOT_CHOOSE_CREDENTIAL', CANNOT_CHOOSE);
  }
  const defaults = usable.filter((credential) => credential.isDefaultForProvider);
  return defaults.find((credential) => credential.gitProvider === request.provider) ?? defaults[0] ?? usable[0];
}

/** An identity (Entra client id, tenant) may read a repository of an Azure DevOps organisation. */
function checkOrganization(state: EmulatorState, remote: RemoteRepository, identity: string, tenantId: string | undefined): Reply | undefined {
  const name = azureDevOpsOrganizationOf(remote.url);
  const organization: Organization | undefined = name === undefined ? undefined : state.azureDevOps.find(name);
  if (organization === undefined) {
    return notFound();
  }
  const user = organization.users.get(identity.toLowerCase());
  if (user === undefined || (tenantId !== undefined && tenantId.toLowerCase() !== organization.tenantId.toLowerCase())) {
    return aadError();
  }
  if (user.accessLevel !== 'basic' || (user.repositories !== 'all' && !user.repositories.map(normaliseRemoteUrl).includes(remote.url))) {
    return notFound();
  }
  return undefined;
}

/** provider azureDevOpsServices with an Entra token as "PAT": a live Azure DevOps token of an organisation user. */
function checkEntraToken(state: EmulatorState, remote: RemoteRepository, token: string): Reply | undefined {
  const check = state.tokens.check(token);
  if (!check.valid || check.issued.kind !== 'access' || stringClaim(check.issued.claims, 'aud') !== AZURE_DEVOPS_RESOURCE) {
    return invalid();
  }
  const claims = check.issued.claims;
  return checkOrganization(state, remote, stringClaim(claims, 'appid') ?? '', stringClaim(claims, 'tid'));
}

/** provider azureDevOpsServicesAad: the app trusts the workspace's OIDC issuer for its own client id. */
function checkFederation(state: EmulatorState, remote: RemoteRepository, caller: Caller): Reply | undefined {
  const application = state.entra.applications.get(caller.applicationId);
  const trusted = application?.federatedCredentials.some(
    (credential) =>
      credential.issuer.replace(/\/+$/, '') === `${state.url}/oidc` &&
      credential.subject === caller.applicationId &&
      credential.audiences.includes(TOKEN_EXCHANGE_AUDIENCE),
  );
  if (application === undefined || trusted !== true) {
    return aadError();
  }
  return checkOrganization(state, remote, caller.applicationId, application.tenantId);
}

/** Whether the caller's Git credential opens the remote; the reply is Databricks' error when not. */
export function checkGitAccess(state: EmulatorState, caller: Caller, request: GitAccessRequest): GitAccess {
  const credential = chooseCredential(state, caller, request);
  if (!('gitProvider' in credential)) {
    return { ok: false, reply: credential };
  }
  const remote = state.remotes.get(request.url);
  if (remote === undefined) {
    return { ok: false, reply: notFound() };
  }
  const token = credential.personalAccessToken ?? '';
  let problem: Reply | undefined;
  if (credential.gitProvider === AZURE_DEVOPS_AAD) {
    problem = checkFederation(state, remote, caller);
  } else if (remote.acceptedTokens.has(token)) {
    problem = undefined;
  } else if (credential.gitProvider === AZURE_DEVOPS && token !== '') {
    problem = checkEntraToken(state, remote, token);
  } else {
    problem = token === '' ? missing() : invalid();
  }
  return problem === undefined ? { ok: true, remote } : { ok: false, reply: problem };
}
