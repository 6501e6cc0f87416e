// dryRun (SPEC §4.3): only the reads of a sync, then the writes it would make, in order, and whether anything changes.

import type { DatabricksApi, GitCredentialInfo, RepoInfo } from '../databricks/types';
import { neutralise, type Logger } from '../log';
import type { FolderAction, SyncRequest, SyncResult } from '../syncTypes';
import { describeCheckoutWrite, describeRef, isExpectedCommit, refChanged } from './checkout';
import { describeCreateWrites } from './createFolder';
import {
  NO_CREDENTIAL,
  describeCredentialWrite,
  logCredentialNotes,
  pickCredential,
  wantedCredential,
  type CredentialOutcome,
  type GitCredential,
} from './gitCredential';
import { confirmGitFolder, describeFolder, findMismatches, inspectPathObject, sparsePatternUpdate } from './gitFolder';
import { inParallel } from '../parallel';
import { NO_PERMISSIONS, describePermissionsWrite, permissionsWouldChange, type PermissionsOutcome } from './permissions';
import { folderMismatch, folderMissing, mismatchText } from './syncError';

/** Stands for the id of a folder the run would create; braces, not angle brackets, survive the markdown summary. */
const NEW_ID = '{new id}';

/** The writes planned so far, each also logged as a "Would …" line. */
class Plan {
  readonly writes: string[] = [];
  readonly warnings: string[] = [];
  constructor(private readonly log: Logger) {}
  would(write: string): void {
    this.writes.push(write);
    this.log.info(neutralise(`Would ${write}.`));
  }
  note(message: string): void {
    this.log.info(message);
  }
  /** Collected only: index.ts logs SyncResult.warnings once, as warnings, at the end of the run. */
  warn(message: string): void {
    this.warnings.push(message);
  }
}

interface PlannedFolder {
  action: FolderAction;
  /** the existing folder the plan keeps (not recreated), whose id and ACL can be read now */
  kept?: RepoInfo;
  changed: boolean;
  previousCommitId: string;
}

export async function planSync(api: DatabricksApi, request: SyncRequest, log: Logger): Promise<SyncResult> {
  const wanted = wantedCredential(request);
  logCredentialNotes(request, log);
  const [credentials, status] = await inParallel(
    wanted ? api.gitCredentials.list() : Promise.resolve<GitCredentialInfo[]>([]),
    api.workspace.getStatus(request.repoPath),
  );
  const found = inspectPathObject(status, request.repoPath);
  const repo =
    found.kind === 'missing' ? undefined : confirmGitFolder(await api.repos.get(found.objectId), request.repoPath, found);
  log.info(repo ? `Found ${describeFolder(repo)}.` : `Nothing at ${neutralise(request.repoPath)}.`);
  const plan = new Plan(log);
  const credential = wanted ? planCredential(wanted, credentials, plan) : NO_CREDENTIAL;
  const folder = repo ? planExisting(repo, request, plan) : planMissing(request, plan);
  const permissions = await planPermissions(api, folder, request, plan);
  planExpectedCommit(folder, request, plan);
  const changed = folder.changed || permissions.changed;
  const verdict = changed ? 'would change the folder' : 'would not change the folder';
  log.info(`Dry run: ${plan.writes.length} write(s) planned, nothing changed; a real run ${verdict}.`);
  return {
    repoId: folder.kept?.id ?? '',
    repoPath: repo?.path ?? request.repoPath,
    headCommitId: folder.kept?.head_commit_id ?? '',
    previousCommitId: folder.previousCommitId,
    branch: request.ref.kind === 'branch' ? request.ref.name : '',
    tag: request.ref.kind === 'tag' ? request.ref.name : '',
    credentialId: credential.credentialId,
    changed,
    credentialAction: credential.action,
    folderAction: folder.action,
    permissionsApplied: permissions.applied,
    plannedWrites: plan.writes,
    warnings: plan.warnings,
  };
}

function planCredential(wanted: GitCredential, credentials: GitCredentialInfo[], plan: Plan): CredentialOutcome {
  const existing = pickCredential(credentials, wanted.provider);
  plan.would(describeCredentialWrite(wanted, existing));
  return existing
    ? { action: 'wouldUpdate', credentialId: existing.credential_id }
    : { action: 'wouldCreate', credentialId: '' };
}

/** A new folder clones the default branch; the PATCH is only needed when that is not the wanted ref. */
function planNewFolderWrites(request: SyncRequest, withParent: boolean, plan: Plan): void {
  for (const write of describeCreateWrites(request, withParent)) plan.would(write);
  const unless = request.ref.kind === 'branch' ? ', unless it is the default branch the create clones' : '';
  plan.would(`${describeCheckoutWrite(NEW_ID, undefined, request)}${unless}`);
}

function planMissing(request: SyncRequest, plan: Plan): PlannedFolder {
  if (!request.createIfMissing) throw folderMissing(request.repoPath);
  planNewFolderWrites(request, true, plan);
  return { action: 'wouldCreate', changed: true, previousCommitId: '' };
}

function planExisting(repo: RepoInfo, request: SyncRequest, plan: Plan): PlannedFolder {
  const previousCommitId = repo.head_commit_id ?? '';
  const mismatches = findMismatches(repo, request);
  if (mismatches.length) {
    if (request.onMismatch === 'fail') throw folderMismatch(request.repoPath, mismatches);
    plan.would(`DELETE /api/2.0/repos/${repo.id} (${mismatchText(mismatches)})`);
    planNewFolderWrites(request, false, plan);
    return { action: 'wouldRecreate', changed: true, previousCommitId };
  }
  const sparse = sparsePatternUpdate(repo, request);
  plan.would(describeCheckoutWrite(repo.id, repo, request, sparse));
  // Whether a pull of the same branch moves it is only known to the remote: not counted as a change.
  const changed = refChanged(repo, request.ref) || sparse !== undefined;
  return { action: 'wouldUpdate', kept: repo, changed, previousCommitId };
}

async function planPermissions(
  api: DatabricksApi,
  folder: PlannedFolder,
  request: SyncRequest,
  plan: Plan,
): Promise<PermissionsOutcome> {
  if (request.permissions.length === 0) return NO_PERMISSIONS;
  if (folder.kept) {
    const current = await api.permissions.get(folder.kept.id);
    if (!permissionsWouldChange(current, request.permissions, request.replacePermissions)) {
      plan.note('Permissions: already in place.');
      return NO_PERMISSIONS;
    }
  }
  plan.would(describePermissionsWrite(folder.kept?.id ?? NEW_ID, request));
  return { changed: true, applied: request.permissions };
}

/** expectedCommit is only known to hold when the folder stays on its ref at that commit; otherwise a warning. */
function planExpectedCommit(folder: PlannedFolder, request: SyncRequest, plan: Plan): void {
  const expected = request.expectedCommit;
  if (!expected) return;
  const warn = (why: string): void =>
    plan.warn(`expectedCommit ${neutralise(expected)} cannot be verified in a dry run: ${why}.`);
  const repo = folder.kept;
  if (!repo) return warn(`the folder would be ${folder.action === 'wouldCreate' ? 'created' : 'deleted and created again'}`);
  if (refChanged(repo, request.ref)) return warn(`the folder would switch to ${describeRef(request.ref)}`);
  const head = repo.head_commit_id ?? '';
  if (!isExpectedCommit(head, expected)) {
    return warn(`the folder is at ${neutralise(head || '(no commit)')}, and only a real run shows where the checkout ends`);
  }
  plan.note(`The folder is already at expectedCommit ${neutralise(expected)}.`);
}
