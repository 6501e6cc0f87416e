// What the repo-sync module is asked to do and what it reports back (to outputs.ts and the run summary).

import type { GitCredentialOptions, GitProvider, GitRef, PermissionGrant } from './options';

export interface SyncRequest {
  databricksHost: string;
  /** application (client) id of the signed-in identity, for the `federated` setup hint; undefined when unknown */
  clientId?: string;
  repoUrl: string;
  gitProvider: GitProvider;
  gitCredential: GitCredentialOptions;
  /** the Azure DevOps Entra token, for gitCredential entraToken */
  azureDevOpsToken?: string;
  repoPath: string;
  ref: GitRef;
  sparseCheckoutPatterns: string[];
  createIfMissing: boolean;
  onMismatch: 'fail' | 'recreate';
  discardLocalChanges: boolean;
  expectedCommit?: string;
  permissions: PermissionGrant[];
  replacePermissions: boolean;
  dryRun: boolean;
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
