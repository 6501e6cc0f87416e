// Finding the Git folder at a workspace path (SPEC §4.3.1) and comparing it with the request (§4.3.3).

import type { DatabricksApi, ObjectInfo, RepoInfo } from '../databricks/types';
import { sameRemote } from '../gitUrl';
import { neutralise } from '../log';
import type { SyncRequest } from '../syncTypes';
import { notAGitFolder, type FolderMismatch } from './syncError';

/** What get-status shows at the path: nothing, or an object that may be a Git folder (the Repos API decides). */
export type PathObject = { kind: 'missing' } | FolderCandidate;

export interface FolderCandidate {
  kind: 'candidate';
  objectId: string;
  objectType: string;
}

/**
 * Reads a get-status answer. Throws when it already shows something that is not a Git folder, so the caller has
 * written nothing yet. A DIRECTORY without directory_info comes from servers older than the Git CLI rollout.
 */
export function inspectPathObject(status: ObjectInfo | undefined, path: string): PathObject {
  if (!status) return { kind: 'missing' };
  const gitFolderFlag = status.directory_info?.is_git_folder;
  const candidate =
    status.object_type === 'REPO' || (status.object_type === 'DIRECTORY' && gitFolderFlag !== false);
  if (!candidate) {
    const found = status.object_type === 'DIRECTORY' ? 'a folder' : `a ${status.object_type.toLowerCase()}`;
    throw notAGitFolder(path, found);
  }
  return { kind: 'candidate', objectId: status.object_id, objectType: status.object_type };
}

/** The Repos API is the authority: an object it does not know (404) is not a Git folder. */
export function confirmGitFolder(repo: RepoInfo | undefined, path: string, candidate: FolderCandidate): RepoInfo {
  if (repo) return repo;
  throw notAGitFolder(path, `a ${candidate.objectType.toLowerCase()} that the Repos API does not know`);
}

/** get-status, then the repo by its object id; undefined when the path is free. Never the deprecated list API. */
export async function resolveByPath(api: DatabricksApi, path: string): Promise<RepoInfo | undefined> {
  const found = inspectPathObject(await api.workspace.getStatus(path), path);
  if (found.kind === 'missing') return undefined;
  return confirmGitFolder(await api.repos.get(found.objectId), path, found);
}

function patternsText(patterns: string[] | undefined): string {
  return patterns && patterns.length ? `on (${patterns.join(', ')})` : 'off';
}

/**
 * The differences that need onMismatch: another remote or provider, or sparse checkout on against off (it can only
 * be chosen when the folder is created). Other sparse patterns are not a mismatch: an update changes them.
 */
export function findMismatches(repo: RepoInfo, request: SyncRequest): FolderMismatch[] {
  const mismatches: FolderMismatch[] = [];
  if (!sameRemote(repo.url, request.repoUrl)) {
    mismatches.push({ what: 'URL', found: repo.url, wanted: request.repoUrl });
  }
  if (repo.provider.toLowerCase() !== request.gitProvider.toLowerCase()) {
    mismatches.push({ what: 'provider', found: repo.provider, wanted: request.gitProvider });
  }
  const sparseNow = (repo.sparse_checkout?.patterns.length ?? 0) > 0;
  const sparseWanted = request.sparseCheckoutPatterns.length > 0;
  if (sparseNow !== sparseWanted) {
    mismatches.push({
      what: 'sparse checkout',
      found: patternsText(repo.sparse_checkout?.patterns),
      wanted: patternsText(request.sparseCheckoutPatterns),
    });
  }
  return mismatches;
}

/** The patterns to send with the update when sparse checkout is on and the patterns differ (order does not matter). */
export function sparsePatternUpdate(repo: RepoInfo, request: SyncRequest): string[] | undefined {
  const current = repo.sparse_checkout?.patterns ?? [];
  const wanted = request.sparseCheckoutPatterns;
  if (current.length === 0 || wanted.length === 0) return undefined;
  const key = (patterns: string[]): string => [...new Set(patterns)].sort().join('\n');
  return key(current) === key(wanted) ? undefined : wanted;
}

/** One log line about an existing folder, every server value neutralised. */
export function describeFolder(repo: RepoInfo): string {
  const ref = repo.branch ? `branch ${repo.branch}` : 'detached HEAD';
  const head = repo.head_commit_id ?? '(no commit)';
  const patterns = repo.sparse_checkout?.patterns ?? [];
  const sparse = patterns.length ? `, sparse checkout ${patterns.join(', ')}` : '';
  return neutralise(`Git folder ${repo.id} at ${repo.path}: ${repo.url} (${repo.provider}), ${ref} at ${head}${sparse}`);
}
