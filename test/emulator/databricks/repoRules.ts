// Rules of the repos API that are not about one endpoint: where a Git folder may be created, what a cone
// sparse-checkout pattern is, and how a Git folder is written in answers (RepoInfo).

import type { JsonObject, JsonValue } from '../json';
import type { Reply } from '../route';
import { databricksError } from './api';
import { isWithin, parentPath, pathSegments } from './paths';
import type { DatabricksWorkspace, GitFolder } from './workspaceState';

/** RepoInfo as create and get answer it (`branch` absent on a detached tag checkout). */
export function repoInfo(folder: GitFolder, withGitCli: boolean): JsonObject {
  return {
    id: folder.id,
    path: folder.path,
    url: folder.url,
    provider: folder.provider,
    branch: folder.branch ?? undefined,
    head_commit_id: folder.headCommitId,
    sparse_checkout: folder.sparseCheckoutPatterns === null ? undefined : { patterns: folder.sparseCheckoutPatterns },
    git_cli_enabled: withGitCli ? folder.gitCliEnabled : undefined,
  };
}

/** The error that stops a Git folder being created at a canonical path, if any. */
export function creationProblem(workspace: DatabricksWorkspace, path: string): Reply | undefined {
  const segments = pathSegments(path);
  if (segments[0] === 'Repos' && segments.length !== 3) {
    return databricksError(400, 'BAD_REQUEST', 'Invalid repo path specified');
  }
  if (workspace.objects.has(path)) {
    return databricksError(
      400,
      'RESOURCE_ALREADY_EXISTS',
      `Repo ${path} already exists. If you would like to create two repos from the same remote Git repo, rename the first repo before creating the second one.`,
    );
  }
  const nested = [...workspace.gitFolders.values()].some((folder) => isWithin(path, folder.path));
  if (nested) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Cannot create a repo inside another repo: ${path}.`);
  }
  const parent = parentPath(path);
  const parentObject = workspace.objects.get(parent);
  if (parentObject === undefined || parentObject.objectType !== 'DIRECTORY') {
    return databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `Parent directory ${parent} does not exist.`);
  }
  return undefined;
}

/** Cone mode: a plain directory path (no wildcards, negation, leading `/`, `.`/`..` segments). */
function isConePattern(pattern: string): boolean {
  if (pattern.trim() === '' || /[*?![\]\\]/.test(pattern) || pattern.startsWith('/')) {
    return false;
  }
  return pattern
    .replace(/\/$/, '')
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** The patterns of a `sparse_checkout` member, or the 400 for a bad one. */
export function readSparsePatterns(value: JsonValue | undefined): string[] | Reply {
  const patterns = typeof value === 'object' && value !== null && !Array.isArray(value) ? value.patterns : undefined;
  if (!Array.isArray(patterns) || patterns.some((pattern) => typeof pattern !== 'string')) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', 'sparse_checkout.patterns must be a list of strings.');
  }
  const bad = (patterns as string[]).find((pattern) => !isConePattern(pattern));
  if (bad !== undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Invalid sparse-checkout cone pattern: ${bad}`);
  }
  return patterns as string[];
}
