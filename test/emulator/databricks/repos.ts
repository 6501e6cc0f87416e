// /api/2.0/repos: create (clone the remote's default branch), get, update (checkout a branch or tag, pull, sparse
// patterns, discard local changes) and delete Git folders; and the deprecated listing, which the log marks.

import { readInt64, readString, type JsonObject } from '../json';
import type { RemoteRepository } from '../remotes';
import type { Reply, RequestContext, Route } from '../route';
import { effectiveLevel, findGitFolder } from './access';
import { authenticate, databricksError, jsonObjectBody, reposDisabled, type Caller } from './api';
import { checkGitAccess } from './gitAccess';
import { canonicalPath, isWithin } from './paths';
import { AZURE_DEVOPS_AAD, canonicalProvider } from './providers';
import { creationProblem, readSparsePatterns, repoInfo } from './repoRules';
import type { GitFolder } from './workspaceState';

type Start = { caller: Caller; body: JsonObject } | { reply: Reply };

/** Caller, feature flag and JSON body: what create and list check first. */
function start(context: RequestContext): Start {
  const auth = authenticate(context);
  if ('reply' in auth) {
    return auth;
  }
  const disabled = reposDisabled(context);
  if (disabled !== undefined) {
    return { reply: disabled };
  }
  const parsed = jsonObjectBody(context);
  return 'reply' in parsed ? parsed : { caller: auth.caller, body: parsed.body };
}

function create(context: RequestContext): Reply {
  const started = start(context);
  if ('reply' in started) {
    return started.reply;
  }
  const { caller, body } = started;
  const { workspace } = context.state;
  const url = readString(body, 'url');
  const requestedProvider = readString(body, 'provider');
  if (url === undefined || url === '' || requestedProvider === undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Missing required field: ${url === undefined || url === '' ? 'url' : 'provider'}`);
  }
  const provider = canonicalProvider(requestedProvider);
  if (provider === undefined || provider === AZURE_DEVOPS_AAD) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Invalid Git provider: ${requestedProvider}.`);
  }
  const requestedPath = readString(body, 'path') ?? `/Users/${caller.applicationId}/${url.replace(/\/+$/, '').replace(/\.git$/, '').split('/').pop() ?? 'repo'}`;
  const path = canonicalPath(requestedPath);
  if (path === undefined) {
    return databricksError(400, 'BAD_REQUEST', 'Invalid repo path specified');
  }
  const problem = creationProblem(workspace, path);
  if (problem !== undefined) {
    return problem;
  }
  const sparse = body.sparse_checkout === undefined ? null : readSparsePatterns(body.sparse_checkout);
  if (sparse !== null && !Array.isArray(sparse)) {
    return sparse;
  }
  const gitCli = workspace.createsGitCliFolderAt(path);
  const access = checkGitAccess(context.state, caller, { url, provider, credentialId: readInt64(body.git_credential_id), gitCli });
  if (!access.ok) {
    return access.reply;
  }
  const { remote } = access;
  const folder = workspace.addGitFolder({
    path,
    url,
    provider,
    branch: remote.defaultBranch,
    headCommitId: remote.branches.get(remote.defaultBranch),
    sparseCheckoutPatterns: sparse ?? undefined,
    gitCliEnabled: gitCli,
    owner: caller.applicationId,
  });
  return { status: 200, body: repoInfo(folder, false) };
}

function get(context: RequestContext): Reply {
  const found = findGitFolder(context, 'CAN_READ');
  return 'reply' in found ? found.reply : { status: 200, body: repoInfo(found.folder, true) };
}

interface Checkout {
  branch?: string;
  tag?: string;
  patterns?: string[];
  discard: boolean;
}

function readCheckout(folder: GitFolder, body: JsonObject): Checkout | Reply {
  const branch = readString(body, 'branch');
  const tag = readString(body, 'tag');
  if (branch !== undefined && tag !== undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', 'Only one of branch and tag can be specified.');
  }
  let patterns: string[] | undefined;
  if (body.sparse_checkout !== undefined) {
    if (folder.sparseCheckoutPatterns === null) {
      return databricksError(400, 'INVALID_PARAMETER_VALUE', 'Sparse checkout is not enabled for this repo. It can only be enabled when the repo is created.');
    }
    const read = readSparsePatterns(body.sparse_checkout);
    if (!Array.isArray(read)) {
      return read;
    }
    patterns = read;
  }
  if (branch === undefined && tag === undefined && patterns === undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', 'One of branch, tag or sparse_checkout must be specified.');
  }
  return { branch, tag, patterns, discard: body.dangerously_force_discard_all === true };
}

function update(context: RequestContext): Reply {
  const found = findGitFolder(context, 'CAN_MANAGE');
  if ('reply' in found) {
    return found.reply;
  }
  const parsed = jsonObjectBody(context);
  if ('reply' in parsed) {
    return parsed.reply;
  }
  const { folder, caller } = found;
  const checkout = readCheckout(folder, parsed.body);
  if (!('discard' in checkout)) {
    return checkout;
  }
  const credentialId = readInt64(parsed.body.git_credential_id);
  const access = checkGitAccess(context.state, caller, { url: folder.url, provider: folder.provider, credentialId, gitCli: folder.gitCliEnabled });
  if (!access.ok) {
    return access.reply;
  }
  const commit = targetCommit(access.remote, checkout, folder);
  if (commit === undefined) {
    return databricksError(400, 'GIT_UNKNOWN_REF', 'Remote branch does not exist');
  }
  if (folder.hasUncommittedChanges && !checkout.discard) {
    return databricksError(
      400,
      'INVALID_STATE',
      `Cannot update Git folder ${folder.path}: it has uncommitted changes that would be overwritten. Commit or discard them, or set dangerously_force_discard_all.`,
    );
  }
  applyCheckout(folder, checkout, commit);
  // Both answers exist: `{}` is today's (databricks-sdk-go service/workspace UpdateRepoResponse has no fields); the
  // whole folder is what the Repos API 2.0 answered earlier and, by issue 9, some workspaces still do (which ones is
  // not known). The knob picks one.
  return { status: 200, body: context.state.workspace.checkoutAnswer === 'folder' ? repoInfo(folder, true) : {} };
}

/** The commit the update ends at: the branch's latest head (a pull when unchanged), the tag's, or the current one. */
function targetCommit(remote: RemoteRepository, checkout: Checkout, folder: GitFolder): string | undefined {
  if (checkout.branch !== undefined) {
    return remote.branches.get(checkout.branch);
  }
  return checkout.tag !== undefined ? remote.tags.get(checkout.tag) : folder.headCommitId;
}

function applyCheckout(folder: GitFolder, checkout: Checkout, commit: string): void {
  if (checkout.discard) {
    folder.hasUncommittedChanges = false;
  }
  if (checkout.branch !== undefined) {
    folder.branch = checkout.branch;
    folder.tag = null;
  } else if (checkout.tag !== undefined) {
    folder.branch = null;
    folder.tag = checkout.tag;
  }
  folder.headCommitId = commit;
  folder.sparseCheckoutPatterns = checkout.patterns ?? folder.sparseCheckoutPatterns;
}

function remove(context: RequestContext): Reply {
  const found = findGitFolder(context, 'CAN_MANAGE');
  if ('reply' in found) {
    return found.reply;
  }
  context.state.workspace.deleteTree(found.folder.path);
  return { status: 200, body: {} };
}

/** Deprecated: misses Git-CLI folders, lists only folders the caller manages. The task must never call it. */
function list(context: RequestContext): Reply {
  context.annotations.deprecated = true;
  const started = start(context);
  if ('reply' in started) {
    return started.reply;
  }
  const prefix = canonicalPath(context.query.get('path_prefix') ?? '/Repos');
  const folders = [...context.state.workspace.gitFolders.values()]
    .filter((folder) => !folder.gitCliEnabled && isWithin(folder.path, prefix === undefined || prefix === '/' ? '/Repos' : prefix))
    .filter((folder) => effectiveLevel(started.caller, folder) === 'CAN_MANAGE')
    .sort((a, b) => a.path.localeCompare(b.path));
  return { status: 200, body: { repos: folders.map((folder) => repoInfo(folder, false)) } };
}

export const repoRoutes: Route[] = [
  { method: 'GET', pattern: '/api/2.0/repos', service: 'databricks', handle: list },
  { method: 'POST', pattern: '/api/2.0/repos', service: 'databricks', handle: create },
  { method: 'GET', pattern: '/api/2.0/repos/{id}', service: 'databricks', handle: get },
  { method: 'PATCH', pattern: '/api/2.0/repos/{id}', service: 'databricks', handle: update },
  { method: 'DELETE', pattern: '/api/2.0/repos/{id}', service: 'databricks', handle: remove },
];
