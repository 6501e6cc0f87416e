// Checking out the wanted branch or tag in the Git folder (SPEC §4.3.4) and verifying the commit it ends at (§4.3.5).

import { failureFromIncompleteAnswer } from '../databricks/failureMessage';
import type { DatabricksApi, RepoInfo, UpdateRepoRequest } from '../databricks/types';
import { neutralise, type Logger } from '../log';
import type { GitRef } from '../options';
import type { SyncRequest } from '../syncTypes';
import { folderVanished, unexpectedCommit } from './syncError';

export interface CheckoutOptions {
  /** the folder was just created by this run, so it is on the remote's default branch at its latest commit */
  fresh: boolean;
  /** new sparse patterns to send with the update */
  sparsePatterns?: string[];
}

export interface CheckoutOutcome {
  headCommitId: string;
  /** the folder as last read (path as Databricks reports it) */
  repo: RepoInfo;
}

export function describeRef(ref: GitRef): string {
  return `${ref.kind} ${neutralise(ref.name)}`;
}

/** Whether the folder already has the wanted branch checked out (a tag is detached: never known to be "on" it). */
export function isOnWantedBranch(repo: RepoInfo, ref: GitRef): boolean {
  return ref.kind === 'branch' && repo.branch === ref.name;
}

/** A switch of branch, or from a branch to a tag. From a detached HEAD to a tag only the commit can tell. */
export function refChanged(repo: RepoInfo, ref: GitRef): boolean {
  return ref.kind === 'branch' ? repo.branch !== ref.name : Boolean(repo.branch);
}

export function checkoutBody(request: SyncRequest, sparsePatterns?: string[]): UpdateRepoRequest {
  const body: UpdateRepoRequest = request.ref.kind === 'branch' ? { branch: request.ref.name } : { tag: request.ref.name };
  if (sparsePatterns) body.sparse_checkout = { patterns: [...sparsePatterns] };
  if (request.discardLocalChanges) body.dangerously_force_discard_all = true;
  if (request.gitCredentialId) body.git_credential_id = request.gitCredentialId;
  return body;
}

/** The checkout as a plan line; the same branch again is a pull. */
export function describeCheckoutWrite(
  repoId: string,
  repo: RepoInfo | undefined,
  request: SyncRequest,
  sparse?: string[],
): string {
  const verb = repo && isOnWantedBranch(repo, request.ref) ? 'pull' : 'check out';
  const what = [
    `${verb} ${describeRef(request.ref)}`,
    sparse ? `sparse patterns ${sparse.join(', ')}` : '',
    request.discardLocalChanges ? 'discarding local changes' : '',
  ];
  return `PATCH /api/2.0/repos/${repoId} (${what.filter(Boolean).join(', ')})`;
}

async function readRepo(api: DatabricksApi, repo: RepoInfo): Promise<RepoInfo> {
  const latest = await api.repos.get(repo.id);
  if (!latest) throw folderVanished(repo.path, repo.id);
  return latest;
}

/** The outcome of a checkout: the folder must say which commit it is at, or the outputs would lie. */
function outcomeOf(repo: RepoInfo): CheckoutOutcome {
  if (!repo.head_commit_id) {
    throw failureFromIncompleteAnswer(`reading ${repo.path} after the checkout`, 'head_commit_id', 'a commit id', 'missing');
  }
  return { headCommitId: repo.head_commit_id, repo };
}

/**
 * PATCH the branch or tag (the same branch again pulls), then read the head unless the answer holds it. A folder
 * this run just created on the wanted branch needs no PATCH: the create cloned that branch's latest commit.
 */
export async function checkoutRef(
  api: DatabricksApi,
  repo: RepoInfo,
  request: SyncRequest,
  options: CheckoutOptions,
  log: Logger,
): Promise<CheckoutOutcome> {
  const { ref } = request;
  if (options.fresh && isOnWantedBranch(repo, ref) && !options.sparsePatterns) {
    const latest = repo.head_commit_id ? repo : await readRepo(api, repo);
    log.info(`The create already checked out ${describeRef(ref)}.`);
    return outcomeOf(latest);
  }
  const answer = await api.repos.update(repo.id, checkoutBody(request, options.sparsePatterns));
  const verb = isOnWantedBranch(repo, ref) ? 'Pulled' : 'Checked out';
  const notes = [
    options.sparsePatterns ? 'sparse patterns updated' : '',
    request.discardLocalChanges ? 'local changes discarded' : '',
  ].filter(Boolean);
  log.info(`${verb} ${describeRef(ref)}${notes.length ? ` (${notes.join(', ')})` : ''}.`);
  const latest = answer.head_commit_id ? { ...repo, ...answer } : await readRepo(api, repo);
  return outcomeOf(latest);
}

/** Whether the head is the expected commit; SHA-1 hex compares case-insensitively. */
export function isExpectedCommit(head: string, expected: string): boolean {
  return head.toLowerCase() === expected.trim().toLowerCase();
}

/** Fails, naming both commits, when expectedCommit is set and the folder ended elsewhere. */
export function verifyExpectedCommit(head: string, expected: string | undefined): void {
  if (expected && !isExpectedCommit(head, expected)) throw unexpectedCommit(head, expected);
}
