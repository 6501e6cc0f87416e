// The repo-sync module (SPEC §4.2-4.3): refreshes the Git credential and brings the Git folder at a path to a ref.

import type { DatabricksApi, RepoInfo } from './databricks/types';
import { neutralise, type Logger } from './log';
import { awaitedLater, inParallel, settled } from './parallel';
import { checkoutRef, refChanged, verifyExpectedCommit, type CheckoutOutcome } from './sync/checkout';
import { createGitFolder, parentFolder, recreateGitFolder, type CreatedFolder } from './sync/createFolder';
import {
  NO_CREDENTIAL,
  logCredentialNotes,
  upsertCredential,
  wantedCredential,
  type CredentialOutcome,
} from './sync/gitCredential';
import {
  confirmGitFolder,
  describeFolder,
  findMismatches,
  inspectPathObject,
  sparsePatternUpdate,
  type FolderCandidate,
} from './sync/gitFolder';
import { readPermissions, writePermissions, type PermissionsOutcome } from './sync/permissions';
import { planSync } from './sync/plan';
import { folderMismatch, folderMissing, mismatchText } from './sync/syncError';
import { RESEND_AT_ONCE, type ResendPause } from './sync/uncertainCreate';
import type { SyncRequest, SyncResult } from './syncTypes';

/** The folder ready for checkout: found, created or recreated, with the credential written by then. */
interface PreparedFolder {
  repo: RepoInfo;
  origin: 'created' | 'recreated' | 'existing';
  /** head before the sync; '' when the path was free */
  previousCommitId: string;
  fresh: boolean;
  sparsePatterns?: string[];
  credential: CredentialOutcome;
}

/** The writes that prepare the folder: the credential (its list already in flight), and creates sent again. */
interface FolderWrites {
  /** only called once get-status has shown nothing that is not a Git folder (SPEC §4.3.1) */
  credential: () => Promise<CredentialOutcome>;
  pauseBeforeResend: ResendPause;
}

/**
 * Runs the whole sync, or in dry run only its reads and the plan. Requests that do not depend on each other run
 * side by side: a steady-state sync is list ∥ get-status → credential PATCH ∥ repo GET → PATCH → GET.
 * `pauseBeforeResend` waits before a create that failed uncertainly and made nothing is sent again; the task passes
 * one paid from the run's retry budget (SPEC §4.4), the default resends at once.
 */
export async function syncGitFolder(
  api: DatabricksApi,
  request: SyncRequest,
  log: Logger,
  pauseBeforeResend: ResendPause = RESEND_AT_ONCE,
): Promise<SyncResult> {
  if (request.dryRun) return planSync(api, request, log);
  const wanted = wantedCredential(request);
  logCredentialNotes(request, log);
  const listed = wanted ? awaitedLater(api.gitCredentials.list()) : undefined;
  const credential = (): Promise<CredentialOutcome> =>
    wanted ? upsertCredential(api, wanted, log, listed, pauseBeforeResend) : Promise.resolve(NO_CREDENTIAL);
  try {
    return await syncFolder(api, request, { credential, pauseBeforeResend }, log);
  } finally {
    // A run that fails before the credential write (get-status, not a Git folder, createIfMissing false) would leave
    // the list running, retries and all, past the task result: it is waited out first. After success it has settled.
    await settled(listed);
  }
}

/** Steps 1-6 of SPEC §4.3 after the list was started: find, create or check, check out, verify, permissions. */
async function syncFolder(api: DatabricksApi, request: SyncRequest, writes: FolderWrites, log: Logger): Promise<SyncResult> {
  const found = inspectPathObject(await api.workspace.getStatus(request.repoPath), request.repoPath);
  const folder =
    found.kind === 'missing'
      ? await prepareMissing(api, request, writes, log)
      : await prepareExisting(api, request, found, writes, log);
  // The checkout PATCH comes after the credential write (the pull uses it); the ACL read needs only the folder id.
  const [checkout, acl] = await inParallel(
    checkoutRef(api, folder.repo, naming(request, folder.credential), { fresh: folder.fresh, sparsePatterns: folder.sparsePatterns }, log),
    readPermissions(api, folder.repo.id, request),
  );
  verifyExpectedCommit(checkout.headCommitId, request.expectedCommit);
  // The ACL changes only once the folder is verified at the wanted commit (SPEC §4.3: 4 check out, 5 verify,
  // 6 permissions): a failed checkout or an unexpected commit must not leave new grants on the wrong code.
  const permissions = await writePermissions(api, folder.repo.id, acl, request, log);
  return syncResult(request, folder, checkout, permissions, log);
}

/** The request with the credential this run wrote, so that creates and check-outs name it (none with gitCredential none). */
function naming(request: SyncRequest, credential: CredentialOutcome): SyncRequest {
  return credential.credentialId ? { ...request, gitCredentialId: credential.credentialId } : request;
}

function adopted(created: CreatedFolder, request: SyncRequest): Pick<PreparedFolder, 'repo' | 'fresh' | 'sparsePatterns'> {
  const sparsePatterns = created.fresh ? undefined : sparsePatternUpdate(created.repo, request);
  return { repo: created.repo, fresh: created.fresh, sparsePatterns };
}

async function prepareMissing(
  api: DatabricksApi,
  request: SyncRequest,
  writes: FolderWrites,
  log: Logger,
): Promise<PreparedFolder> {
  log.info(`Nothing at ${neutralise(request.repoPath)}.`);
  if (!request.createIfMissing) throw folderMissing(request.repoPath);
  const parent = parentFolder(request.repoPath);
  // mkdirs needs no credential, the clone does: only the create waits for the credential write.
  const [credential] = await inParallel(writes.credential(), parent ? api.workspace.mkdirs(parent) : Promise.resolve());
  const created = await createGitFolder(api, naming(request, credential), log, writes.pauseBeforeResend);
  return { ...adopted(created, request), origin: 'created', previousCommitId: '', credential };
}

async function prepareExisting(
  api: DatabricksApi,
  request: SyncRequest,
  found: FolderCandidate,
  writes: FolderWrites,
  log: Logger,
): Promise<PreparedFolder> {
  // The repo read goes first in the pair: when it says "not a Git folder", that is the error to report.
  const [repo, credential] = await inParallel(
    api.repos.get(found.objectId).then((r) => confirmGitFolder(r, request.repoPath, found)),
    writes.credential(),
  );
  log.info(`Found ${describeFolder(repo)}.`);
  const previousCommitId = repo.head_commit_id ?? '';
  const mismatches = findMismatches(repo, request);
  if (mismatches.length === 0) {
    const sparsePatterns = sparsePatternUpdate(repo, request);
    return { repo, origin: 'existing', previousCommitId, fresh: false, sparsePatterns, credential };
  }
  if (request.onMismatch === 'fail') throw folderMismatch(request.repoPath, mismatches);
  log.info(`It does not match (${mismatchText(mismatches)}): recreating it.`);
  const created = await recreateGitFolder(api, repo, naming(request, credential), log, writes.pauseBeforeResend);
  return { ...adopted(created, request), origin: 'recreated', previousCommitId, credential };
}

function syncResult(
  request: SyncRequest,
  folder: PreparedFolder,
  checkout: CheckoutOutcome,
  permissions: PermissionsOutcome,
  log: Logger,
): SyncResult {
  const head = checkout.headCommitId;
  const before = folder.previousCommitId;
  const folderChanged =
    folder.origin !== 'existing' ||
    head !== before ||
    refChanged(folder.repo, request.ref) ||
    folder.sparsePatterns !== undefined;
  const commits = head === before ? `${head} (unchanged)` : `${before || '(new folder)'} → ${head || '(none)'}`;
  log.info(neutralise(`Commit: ${commits}.`));
  return {
    repoId: checkout.repo.id,
    repoPath: checkout.repo.path || request.repoPath,
    headCommitId: head,
    previousCommitId: before,
    branch: request.ref.kind === 'branch' ? request.ref.name : '',
    tag: request.ref.kind === 'tag' ? request.ref.name : '',
    credentialId: folder.credential.credentialId,
    changed: folderChanged || permissions.changed,
    credentialAction: folder.credential.action,
    folderAction: folder.origin === 'existing' ? (folderChanged ? 'updated' : 'unchanged') : folder.origin,
    permissionsApplied: permissions.applied,
    plannedWrites: [],
    warnings: [],
  };
}
