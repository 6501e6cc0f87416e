// Sample SyncResults for tests of what a run publishes (outputs, summary).
import type { SyncResult } from '../../../tasks/DatabricksRepoSyncV1/src/syncTypes';

export function createdResult(overrides: Partial<SyncResult> = {}): SyncResult {
  return {
    repoId: '1234567890123456789',
    repoPath: '/Repos/ci/app',
    headCommitId: 'a'.repeat(40),
    previousCommitId: '',
    branch: 'main',
    tag: '',
    credentialId: '9223372036854775807',
    changed: true,
    credentialAction: 'created',
    folderAction: 'created',
    permissionsApplied: [],
    plannedWrites: [],
    warnings: [],
    ...overrides,
  };
}
