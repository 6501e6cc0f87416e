// What the repo-sync module is asked to do and what it reports back (to outputs.ts and the run summary).

import type { PermissionGrant, TaskOptions } from './options';

/** The options the sync acts on, as validated by inputs.ts; sign-in and HTTP settings stay out of it. */
export const SYNC_OPTION_KEYS = [
  'databricksHost',
  'repoUrl',
  'gitProvider',
  'gitCredential',
  'repoPath',
  'ref',
  'sparseCheckoutPatterns',
  'createIfMissing',
  'onMismatch',
  'discardLocalChanges',
  'expectedCommit',
  'permissions',
  'replacePermissions',
  'dryRun',
] as const satisfies readonly (keyof TaskOptions)[];

export type SyncOptions = Pick<TaskOptions, (typeof SYNC_OPTION_KEYS)[number]>;

export interface SyncRequest extends SyncOptions {
  /** application (client) id of the signed-in identity, for the `federated` setup hint; undefined when unknown */
  clientId?: string;
  /** the Azure DevOps Entra token, for gitCredential entraToken; asked for right before the credential is written */
  azureDevOpsToken?: () => Promise<string>;
  /**
   * the id of the Git credential this run wrote, once written: sent as git_credential_id with every create and check-out,
   * since Databricks never stores it on the folder and otherwise uses the identity's default (SPEC §4.2)
   */
  gitCredentialId?: string;
}

export type CredentialAction = 'created' | 'updated' | 'skipped' | 'wouldCreate' | 'wouldUpdate';
export type FolderAction = 'created' | 'recreated' | 'updated' | 'unchanged' | 'wouldCreate' | 'wouldRecreate' | 'wouldUpdate';

export interface SyncResult {
  repoId: string;
  /** workspace path as Databricks reports it */
  repoPath: string;
  headCommitId: string;
  /** empty when the folder was created */
  previousCommitId: string;
  branch: string;
  tag: string;
  credentialId: string;
  changed: boolean;
  credentialAction: CredentialAction;
  folderAction: FolderAction;
  permissionsApplied: PermissionGrant[];
  /** in dry run: each write that would have been made, in order */
  plannedWrites: string[];
  /** non-fatal problems (the run ends SucceededWithIssues) */
  warnings: string[];
}
