// Test fixtures for the repo-sync specs: a request with defaults, a recording logger, a seeded fake workspace, and a
// recording pause before resent creates.

import type { Logger } from '../../../../tasks/DatabricksRepoSyncV1/src/log';
import type { RepoInfo } from '../../../../tasks/DatabricksRepoSyncV1/src/databricks/types';
import type { ResendPause } from '../../../../tasks/DatabricksRepoSyncV1/src/sync/uncertainCreate';
import type { SyncRequest } from '../../../../tasks/DatabricksRepoSyncV1/src/syncTypes';
import { FakeDatabricks } from './fakeDatabricks';

export const HOST = 'https://adb-1234567890123456.7.azuredatabricks.net';
export const REPO_URL = 'https://dev.azure.com/contoso/data/_git/pipelines';
export const OTHER_URL = 'https://github.com/contoso/other';
export const REPO_PATH = '/Repos/ci/pipelines';
/** int64 beyond Number.MAX_SAFE_INTEGER */
export const REPO_ID = '1234567890123456789';
export const CREDENTIAL_ID = '8234567890123456789';
export const ADO_TOKEN = 'eyJ0eXAiOiJKV1Qi.ado-token';

export const COMMIT = {
  mainOld: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  main: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  release: 'cccccccccccccccccccccccccccccccccccccccc',
  v1: 'dddddddddddddddddddddddddddddddddddddddd',
};

export function syncRequest(overrides: Partial<SyncRequest> = {}): SyncRequest {
  return {
    databricksHost: HOST,
    clientId: '11111111-2222-3333-4444-555555555555',
    repoUrl: REPO_URL,
    gitProvider: 'azureDevOpsServices',
    gitCredential: { mode: 'entraToken' },
    azureDevOpsToken: () => Promise.resolve(ADO_TOKEN),
    repoPath: REPO_PATH,
    ref: { kind: 'branch', name: 'main' },
    sparseCheckoutPatterns: [],
    createIfMissing: true,
    onMismatch: 'fail',
    discardLocalChanges: false,
    permissions: [],
    replacePermissions: false,
    dryRun: false,
    ...overrides,
  };
}

export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** The remote every test clones: default branch main (moved on since COMMIT.mainOld), a release branch, tag v1. */
export function workspace(): FakeDatabricks {
  const fake = new FakeDatabricks();
  fake.addRemote(REPO_URL, {
    defaultBranch: 'main',
    branches: { main: COMMIT.main, release: COMMIT.release },
    tags: { v1: COMMIT.v1 },
  });
  fake.addRemote(OTHER_URL, { defaultBranch: 'main', branches: { main: COMMIT.release }, tags: {} });
  return fake;
}

/** The Git folder of a previous run: on main, one commit behind the remote. */
export function existingFolder(overrides: Partial<RepoInfo> = {}): RepoInfo {
  return {
    id: REPO_ID,
    path: REPO_PATH,
    url: REPO_URL,
    provider: 'azureDevOpsServices',
    branch: 'main',
    head_commit_id: COMMIT.mainOld,
    ...overrides,
  };
}

/** The identity's Azure DevOps credential from a previous run. */
export function existingCredential(fake: FakeDatabricks, provider = 'azureDevOpsServices'): void {
  fake.credentials.push({ credential_id: CREDENTIAL_ID, git_provider: provider, is_default_for_provider: true });
}

/** A pause before a resent create that records each call and answers `allow(attempt)` (false: the budget is spent). */
export class RecordingPause {
  /** per call: the attempt that had failed, and how many requests `key` the fake had seen by then */
  readonly calls: { attempt: number; sentSoFar: number }[] = [];
  readonly pause: ResendPause;

  constructor(fake: FakeDatabricks, key: string, allow: (attempt: number) => boolean = () => true) {
    this.pause = async (attempt: number): Promise<boolean> => {
      this.calls.push({ attempt, sentSoFar: fake.log.keys().filter((k) => k === key).length });
      return allow(attempt);
    };
  }

  attempts(): number[] {
    return this.calls.map((call) => call.attempt);
  }
}
