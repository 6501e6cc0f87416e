// /api/2.0/git-credentials: list, create, get, update, delete of the caller's (or, for admins, another service
// principal's) Git credentials, with the service-principal rule of one credential per provider.

import { readInt64, readString, type JsonObject, type JsonValue } from '../json';
import type { Reply, RequestContext, Route } from '../route';
import { authenticate, databricksError, idParam, jsonObjectBody } from './api';
import { AZURE_DEVOPS_AAD, canonicalProvider } from './providers';
import type { GitCredential } from './workspaceState';

function credentialInfo(credential: GitCredential): JsonObject {
  return {
    credential_id: credential.id,
    git_provider: credential.gitProvider,
    git_username: credential.gitUsername,
    git_email: credential.gitEmail,
    name: credential.name,
    is_default_for_provider: credential.isDefaultForProvider,
  };
}

type OwnerCheck = { owner: string } | { reply: Reply };

/** Whose credentials: the caller's, or with `principal_id` another service principal's (workspace admins only). */
function ownerOf(context: RequestContext, principalId: JsonValue | undefined): OwnerCheck {
  const auth = authenticate(context);
  if ('reply' in auth) {
    return auth;
  }
  const wanted = readInt64(principalId ?? context.query.get('principal_id') ?? undefined);
  if (wanted === undefined || wanted === auth.caller.principal.id) {
    return { owner: auth.caller.applicationId };
  }
  if (!auth.caller.principal.admin) {
    return { reply: databricksError(403, 'PERMISSION_DENIED', 'Only service principal managers can perform this action.') };
  }
  const target = [...context.state.workspace.servicePrincipals.values()].find((principal) => principal.id === wanted);
  return target === undefined
    ? { reply: databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `Service principal ${wanted} does not exist.`) }
    : { owner: target.applicationId };
}

interface CredentialFields {
  provider: string;
  username?: string;
  email?: string;
  token?: string;
  name?: string;
  isDefault?: boolean;
}

function readFields(body: JsonObject): CredentialFields | Reply {
  const requested = readString(body, 'git_provider');
  if (requested === undefined || requested === '') {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', 'Missing required field: git_provider');
  }
  const provider = canonicalProvider(requested);
  if (provider === undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Invalid git provider: ${requested}.`);
  }
  const fields: CredentialFields = {
    provider,
    username: readString(body, 'git_username'),
    email: readString(body, 'git_email'),
    token: readString(body, 'personal_access_token'),
    name: readString(body, 'name'),
    isDefault: typeof body.is_default_for_provider === 'boolean' ? body.is_default_for_provider : undefined,
  };
  if (provider === AZURE_DEVOPS_AAD && ((fields.token ?? '') !== '' || (fields.username ?? '') !== '')) {
    return databricksError(
      400,
      'INVALID_PARAMETER_VALUE',
      'Please do not specify personal_access_token or git_username when git_provider is set to azureDevOpsServicesAad.',
    );
  }
  return fields;
}

function alreadyExists(provider: string): Reply {
  return databricksError(
    409,
    'RESOURCE_ALREADY_EXISTS',
    `A Git credential already exists for provider ${provider}. Only one credential per provider is allowed for service principals.`,
  );
}

/**
 * Since 2025 users may hold several credentials per provider (`name`, `is_default_for_provider`); service principals
 * still hold one (terraform-provider-databricks PR 4873: "Only one credential per provider is allowed for service
 * principals", HTTP 409).
 */
function limitedToOnePerProvider(context: RequestContext, owner: string): boolean {
  return context.state.workspace.servicePrincipal(owner) !== undefined;
}

function list(context: RequestContext): Reply {
  const owner = ownerOf(context, undefined);
  if ('reply' in owner) {
    return owner.reply;
  }
  return { status: 200, body: { credentials: context.state.workspace.credentialsOf(owner.owner).map(credentialInfo) } };
}

function create(context: RequestContext): Reply {
  const parsed = jsonObjectBody(context);
  const owner = ownerOf(context, 'body' in parsed ? parsed.body.principal_id : undefined);
  if ('reply' in owner) {
    return owner.reply;
  }
  if ('reply' in parsed) {
    return parsed.reply;
  }
  const fields = readFields(parsed.body);
  if (!('provider' in fields)) {
    return fields;
  }
  const { workspace } = context.state;
  const sameProvider = workspace.credentialsOf(owner.owner).filter((credential) => credential.gitProvider === fields.provider);
  if (sameProvider.length > 0 && limitedToOnePerProvider(context, owner.owner)) {
    return alreadyExists(fields.provider);
  }
  // A new one asked to be the default takes over (is_default_for_provider, Git credentials API reference); that the
  // first credential of a provider is its default without asking is a best guess.
  const isDefault = fields.isDefault ?? sameProvider.length === 0;
  if (isDefault) for (const other of sameProvider) other.isDefaultForProvider = false;
  const credential: GitCredential = {
    id: workspace.nextId(),
    owner: owner.owner,
    gitProvider: fields.provider,
    gitUsername: fields.provider === AZURE_DEVOPS_AAD ? undefined : fields.username,
    gitEmail: fields.email,
    name: fields.name,
    isDefaultForProvider: isDefault,
    personalAccessToken: fields.token,
  };
  workspace.gitCredentials.set(credential.id.toString(), credential);
  return { status: 200, body: credentialInfo(credential) };
}

type CredentialLookup = { credential: GitCredential; owner: string } | { reply: Reply };

function findOwned(context: RequestContext, principalId: JsonValue | undefined): CredentialLookup {
  const owner = ownerOf(context, principalId);
  if ('reply' in owner) {
    return owner;
  }
  const id = idParam(context, 'Credential');
  if (typeof id !== 'bigint') {
    return { reply: id };
  }
  const credential = context.state.workspace.gitCredentials.get(id.toString());
  if (credential === undefined || credential.owner.toLowerCase() !== owner.owner.toLowerCase()) {
    return { reply: databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `Credential with id ${id} does not exist.`) };
  }
  return { credential, owner: owner.owner };
}

function get(context: RequestContext): Reply {
  const found = findOwned(context, undefined);
  return 'reply' in found ? found.reply : { status: 200, body: credentialInfo(found.credential) };
}

function update(context: RequestContext): Reply {
  const parsed = jsonObjectBody(context);
  const found = findOwned(context, 'body' in parsed ? parsed.body.principal_id : undefined);
  if ('reply' in found) {
    return found.reply;
  }
  if ('reply' in parsed) {
    return parsed.reply;
  }
  const fields = readFields(parsed.body);
  if (!('provider' in fields)) {
    return fields;
  }
  const { credential } = found;
  const others = context.state.workspace.credentialsOf(found.owner).filter((other) => other !== credential && other.gitProvider === fields.provider);
  if (others.length > 0 && limitedToOnePerProvider(context, found.owner)) {
    return alreadyExists(fields.provider);
  }
  if (fields.isDefault === true) for (const other of others) other.isDefaultForProvider = false;
  const providerChanged = credential.gitProvider !== fields.provider;
  credential.gitProvider = fields.provider;
  credential.gitUsername = fields.provider === AZURE_DEVOPS_AAD ? undefined : (fields.username ?? credential.gitUsername);
  credential.gitEmail = fields.email ?? credential.gitEmail;
  credential.name = fields.name ?? credential.name;
  credential.isDefaultForProvider = fields.isDefault ?? credential.isDefaultForProvider;
  // a token for another provider (or for federation, none) must not survive the switch
  const keptToken = providerChanged ? undefined : credential.personalAccessToken;
  credential.personalAccessToken = fields.provider === AZURE_DEVOPS_AAD ? undefined : (fields.token ?? keptToken);
  return { status: 200, body: {} };
}

function remove(context: RequestContext): Reply {
  const found = findOwned(context, undefined);
  if ('reply' in found) {
    return found.reply;
  }
  context.state.workspace.gitCredentials.delete(found.credential.id.toString());
  return { status: 200, body: {} };
}

export const gitCredentialRoutes: Route[] = [
  { method: 'GET', pattern: '/api/2.0/git-credentials', service: 'databricks', handle: list },
  { method: 'POST', pattern: '/api/2.0/git-credentials', service: 'databricks', handle: create },
  { method: 'GET', pattern: '/api/2.0/git-credentials/{id}', service: 'databricks', handle: get },
  { method: 'PATCH', pattern: '/api/2.0/git-credentials/{id}', service: 'databricks', handle: update },
  { method: 'DELETE', pattern: '/api/2.0/git-credentials/{id}', service: 'databricks', handle: remove },
];
