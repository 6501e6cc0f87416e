// Creating the Git folder (SPEC §4.3.2), recovering from a create that failed half-way or lost a race, and recreating.

import { DatabricksError } from '../databricks/errors';
import type { CreateRepoRequest, DatabricksApi, RepoInfo } from '../databricks/types';
import { neutralise, type Logger } from '../log';
import type { SyncRequest } from '../syncTypes';
import { findMismatches, resolveByPath } from './gitFolder';
import { folderMismatch } from './syncError';
import { RESEND_AT_ONCE, failureReason, isUncertainFailure, mayResend, type ResendPause } from './uncertainCreate';

export interface CreatedFolder {
  repo: RepoInfo;
  /** false when the folder came from a concurrent run or a partial create: its checkout state is unknown */
  fresh: boolean;
}

export function createRequestBody(request: SyncRequest): CreateRepoRequest {
  const body: CreateRepoRequest = { url: request.repoUrl, provider: request.gitProvider, path: request.repoPath };
  if (request.sparseCheckoutPatterns.length) body.sparse_checkout = { patterns: [...request.sparseCheckoutPatterns] };
  if (request.gitCredentialId) body.git_credential_id = request.gitCredentialId;
  return body;
}

/** The folder that must exist before the create; '' at the top level, where there is nothing to make. */
export function parentFolder(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/** The plan lines of a create: mkdirs (unless the parent is known to exist) and the POST. */
export function describeCreateWrites(request: SyncRequest, withParent: boolean): string[] {
  const writes: string[] = [];
  const parent = parentFolder(request.repoPath);
  if (withParent && parent) writes.push(`POST /api/2.0/workspace/mkdirs (make sure ${parent} exists)`);
  const sparse = request.sparseCheckoutPatterns.length ? ' with sparse checkout' : '';
  writes.push(`POST /api/2.0/repos (clone ${request.repoUrl} into ${request.repoPath}${sparse})`);
  return writes;
}

/**
 * A failed create may still have made the folder: "already exists" means a concurrent run won, and a 5xx or a lost
 * answer may hide a partial create (the folder exists, the clone may be incomplete). A 429 made nothing, and the HTTP
 * layer already retried it within the budget: it is rethrown without a read (see isUncertainFailure).
 */
function mayHaveCreated(error: unknown): boolean {
  if (!(error instanceof DatabricksError)) return false;
  if (isUncertainFailure(error) || error.status === 409) return true;
  if (error.errorCode === 'RESOURCE_ALREADY_EXISTS' || error.errorCode === 'ALREADY_EXISTS') return true;
  // "Failed to clone repo. Repo may be incomplete…" comes at various statuses, and the folder is often there.
  return /already exists|may be incomplete/i.test(error.serverMessage ?? '');
}

/**
 * POST /api/2.0/repos; the parent folder must exist already. A failure that may have created the folder is followed
 * by a read of the path: a folder found there is adopted; nothing found after an uncertain failure means the create
 * did not happen, so it is sent again after `pause` (at most CREATE_ATTEMPTS times in all, within the retry budget).
 */
export async function createGitFolder(
  api: DatabricksApi,
  request: SyncRequest,
  log: Logger,
  pause: ResendPause = RESEND_AT_ONCE,
): Promise<CreatedFolder> {
  for (let attempt = 1; ; attempt++) {
    try {
      const repo = await api.repos.create(createRequestBody(request), attempt > 1);
      log.info(neutralise(`Created Git folder ${repo.id} at ${repo.path} from ${repo.url}.`));
      return { repo, fresh: true };
    } catch (error) {
      if (!mayHaveCreated(error)) throw error;
      const repo = await resolveByPath(api, request.repoPath);
      if (repo) return adoptAfterFailedCreate(repo, error, request, log);
      if (!(await mayResend(error, attempt, pause))) throw error;
      log.info(`Creating the Git folder failed (${failureReason(error)}) and created nothing: trying again (attempt ${attempt + 1}).`);
    }
  }
}

function adoptAfterFailedCreate(repo: RepoInfo, error: unknown, request: SyncRequest, log: Logger): CreatedFolder {
  // Only the request's own folder is adopted; recreating one another run just made would fight that run.
  const mismatches = findMismatches(repo, request);
  if (mismatches.length) throw folderMismatch(request.repoPath, mismatches);
  log.info(
    neutralise(`Creating the Git folder failed (${failureReason(error)}), but Git folder ${repo.id} is now at ${repo.path} `) +
      '(a concurrent run or a partial create): going on with it.',
  );
  return { repo, fresh: false };
}

/** onMismatch recreate: DELETE, then create in place. The parent exists (the old folder was in it): no mkdirs. */
export async function recreateGitFolder(
  api: DatabricksApi,
  old: RepoInfo,
  request: SyncRequest,
  log: Logger,
  pause: ResendPause = RESEND_AT_ONCE,
): Promise<CreatedFolder> {
  await api.repos.delete(old.id);
  log.info(neutralise(`Deleted Git folder ${old.id} at ${old.path} (onMismatch: recreate).`));
  return createGitFolder(api, request, log, pause);
}
