// dryRun: only reads, the planned writes in order, whether anything would change, and expectedCommit warnings.

import assert from 'node:assert/strict';
import { syncGitFolder } from '../../../tasks/DatabricksRepoSyncV1/src/sync';
import type { SyncRequest } from '../../../tasks/DatabricksRepoSyncV1/src/syncTypes';
import type { FakeDatabricks } from './support/fakeDatabricks';
import {
  COMMIT,
  CREDENTIAL_ID,
  OTHER_URL,
  REPO_ID,
  REPO_PATH,
  REPO_URL,
  RecordingLogger,
  existingCredential,
  existingFolder,
  syncRequest,
  workspace,
} from './support/fixtures';

const LIST = 'GET /api/2.0/git-credentials';
const STATUS = `GET /api/2.0/workspace/get-status?path=${REPO_PATH}`;

function dryRun(overrides: Partial<SyncRequest> = {}): SyncRequest {
  return syncRequest({ dryRun: true, ...overrides });
}

/** A workspace after an earlier run: credential and folder, the folder one commit behind main. */
function steadyWorkspace(folder = existingFolder()): FakeDatabricks {
  const fake = workspace();
  existingCredential(fake);
  fake.addFolder(folder);
  return fake;
}

describe('sync/plan (dryRun)', () => {
  it('steady state: reads only, plans the credential refresh and the pull, reports no known change', async () => {
    const fake = steadyWorkspace();
    fake.log.requireInFlightTogether([LIST, STATUS]);
    const log = new RecordingLogger();

    const result = await syncGitFolder(fake, dryRun(), log);

    assert.deepEqual(fake.log.writes(), []);
    assert.deepEqual(fake.log.keys(), [LIST, STATUS, `GET /api/2.0/repos/${REPO_ID}`]);
    assert.deepEqual(result, {
      repoId: REPO_ID,
      repoPath: REPO_PATH,
      headCommitId: COMMIT.mainOld,
      previousCommitId: COMMIT.mainOld,
      branch: 'main',
      tag: '',
      credentialId: CREDENTIAL_ID,
      changed: false,
      credentialAction: 'wouldUpdate',
      folderAction: 'wouldUpdate',
      permissionsApplied: [],
      plannedWrites: [
        `PATCH /api/2.0/git-credentials/${CREDENTIAL_ID} (refresh the Azure DevOps token)`,
        `PATCH /api/2.0/repos/${REPO_ID} (pull branch main)`,
      ],
      warnings: [],
    });
    assert.ok(log.lines.includes(`info: Would PATCH /api/2.0/git-credentials/${CREDENTIAL_ID} (refresh the Azure DevOps token).`));
    assert.match(log.text(), /Dry run: 2 write\(s\) planned, nothing changed; a real run would not change the folder\./);
  });

  it('nothing at the path: plans credential, parent folder, clone and checkout', async () => {
    const fake = workspace();

    const result = await syncGitFolder(fake, dryRun({ sparseCheckoutPatterns: ['src'] }), new RecordingLogger());

    assert.deepEqual(fake.log.writes(), []);
    assert.deepEqual(result.plannedWrites, [
      'POST /api/2.0/git-credentials (create the azureDevOpsServices credential)',
      'POST /api/2.0/workspace/mkdirs (make sure /Repos/ci exists)',
      `POST /api/2.0/repos (clone ${REPO_URL} into ${REPO_PATH} with sparse checkout)`,
      'PATCH /api/2.0/repos/{new id} (check out branch main), unless it is the default branch the create clones',
    ]);
    assert.deepEqual(
      [result.changed, result.folderAction, result.credentialAction, result.repoId, result.credentialId, result.previousCommitId],
      [true, 'wouldCreate', 'wouldCreate', '', '', ''],
    );
  });

  it('another branch or new sparse patterns would change the folder', async () => {
    const branch = await syncGitFolder(steadyWorkspace(), dryRun({ ref: { kind: 'branch', name: 'release' } }), new RecordingLogger());
    assert.equal(branch.changed, true);
    assert.equal(branch.plannedWrites.at(-1), `PATCH /api/2.0/repos/${REPO_ID} (check out branch release)`);

    const sparse = await syncGitFolder(
      steadyWorkspace(existingFolder({ sparse_checkout: { patterns: ['a'] } })),
      dryRun({ sparseCheckoutPatterns: ['b'], gitCredential: { mode: 'none' } }),
      new RecordingLogger(),
    );
    assert.deepEqual([sparse.changed, sparse.plannedWrites], [true, [`PATCH /api/2.0/repos/${REPO_ID} (pull branch main, sparse patterns b)`]]);
  });

  it('a mismatch: onMismatch recreate plans DELETE and a new clone; fail fails as a real run would', async () => {
    const fake = steadyWorkspace(existingFolder({ url: OTHER_URL }));

    const result = await syncGitFolder(fake, dryRun({ onMismatch: 'recreate', gitCredential: { mode: 'none' } }), new RecordingLogger());
    assert.deepEqual(result.plannedWrites, [
      `DELETE /api/2.0/repos/${REPO_ID} (URL is ${OTHER_URL} but the task asks for ${REPO_URL})`,
      `POST /api/2.0/repos (clone ${REPO_URL} into ${REPO_PATH})`,
      'PATCH /api/2.0/repos/{new id} (check out branch main), unless it is the default branch the create clones',
    ]);
    assert.deepEqual([result.changed, result.folderAction, result.repoId, result.previousCommitId], [true, 'wouldRecreate', '', COMMIT.mainOld]);

    await assert.rejects(syncGitFolder(fake, dryRun(), new RecordingLogger()), /does not match: URL is/);
    assert.deepEqual(fake.log.writes(), []);
  });

  it('fails like a real run on a path that is not a Git folder, or a missing folder without createIfMissing', async () => {
    const fake = workspace();
    await assert.rejects(syncGitFolder(fake, dryRun({ createIfMissing: false }), new RecordingLogger()), /createIfMissing is false/);
    fake.objects.set(REPO_PATH, { object_id: '5', object_type: 'NOTEBOOK', path: REPO_PATH });
    await assert.rejects(syncGitFolder(fake, dryRun(), new RecordingLogger()), /holds a notebook/);
    assert.deepEqual(fake.log.writes(), []);
  });

  describe('permissions', () => {
    const grants = [{ principalType: 'group' as const, principal: 'readers', level: 'CAN_READ' as const }];

    it('reads the ACL: plans the write only when it would change something', async () => {
      const fake = steadyWorkspace();
      const request = dryRun({ permissions: grants, gitCredential: { mode: 'none' } });

      const before = await syncGitFolder(fake, request, new RecordingLogger());
      assert.equal(before.plannedWrites.at(-1), `PATCH /api/2.0/permissions/repos/${REPO_ID} (merge group:readers=CAN_READ)`);
      assert.deepEqual([before.changed, before.permissionsApplied], [true, grants]);

      fake.acls.set(REPO_ID, [{ group_name: 'readers', all_permissions: [{ permission_level: 'CAN_READ', inherited: false }] }]);
      const after = await syncGitFolder(fake, request, new RecordingLogger());
      assert.deepEqual([after.changed, after.permissionsApplied, after.plannedWrites.length], [false, [], 1]);
      assert.ok(fake.log.keys().includes(`GET /api/2.0/permissions/repos/${REPO_ID}`));
      assert.deepEqual(fake.log.writes(), []);
    });

    it('a folder that would be created cannot be read: plans the write on the new id', async () => {
      const result = await syncGitFolder(workspace(), dryRun({ permissions: grants, replacePermissions: true }), new RecordingLogger());
      assert.equal(
        result.plannedWrites.at(-1),
        'PUT /api/2.0/permissions/repos/{new id} (replace direct permissions with group:readers=CAN_READ)',
      );
    });
  });

  describe('expectedCommit', () => {
    it('no warning when the folder stays on its branch at that commit', async () => {
      const log = new RecordingLogger();
      const result = await syncGitFolder(steadyWorkspace(), dryRun({ expectedCommit: COMMIT.mainOld }), log);
      assert.deepEqual(result.warnings, []);
      assert.match(log.text(), /already at expectedCommit/);
    });

    it('a warning when it differs from the head, or the folder would be created or switch ref', async () => {
      const cases: [FakeDatabricks, Partial<SyncRequest>, RegExp][] = [
        [steadyWorkspace(), { expectedCommit: COMMIT.main }, new RegExp(`the folder is at ${COMMIT.mainOld}, and only a real run`)],
        [workspace(), { expectedCommit: COMMIT.main }, /the folder would be created/],
        [steadyWorkspace(), { expectedCommit: COMMIT.v1, ref: { kind: 'tag', name: 'v1' } }, /the folder would switch to tag v1/],
      ];
      for (const [fake, overrides, why] of cases) {
        const result = await syncGitFolder(fake, dryRun(overrides), new RecordingLogger());
        assert.equal(result.warnings.length, 1);
        assert.match(result.warnings[0]!, /^expectedCommit \w+ cannot be verified in a dry run: /);
        assert.match(result.warnings[0]!, why);
        assert.equal(result.changed, overrides.ref !== undefined || result.folderAction === 'wouldCreate');
      }
    });
  });
});
