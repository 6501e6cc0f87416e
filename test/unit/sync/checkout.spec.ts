// Checking out the branch or tag: the PATCH body, when the PATCH and the GET after it are skipped, expectedCommit.

import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { DatabricksApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/types';
import {
  checkoutBody,
  checkoutRef,
  describeCheckoutWrite,
  refChanged,
  verifyExpectedCommit,
} from '../../../tasks/DatabricksRepoSyncV1/src/sync/checkout';
import { SyncError } from '../../../tasks/DatabricksRepoSyncV1/src/sync/syncError';
import { syncGitFolder } from '../../../tasks/DatabricksRepoSyncV1/src/sync';
import { COMMIT, REPO_ID, RecordingLogger, existingFolder, syncRequest, workspace } from './support/fixtures';

/** Only the two repo calls a checkout may make, as sinon stubs. */
function reposApi(answer: object = {}): { api: DatabricksApi; update: sinon.SinonStub; get: sinon.SinonStub } {
  const update = sinon.stub().resolves(answer);
  const get = sinon.stub().resolves(existingFolder({ head_commit_id: COMMIT.release, branch: 'release' }));
  const api = { repos: { update, get } } as unknown as DatabricksApi;
  return { api, update, get };
}

describe('sync/checkout', () => {
  it('checkoutBody: branch or tag, sparse patterns, and the discard flag only when asked', () => {
    assert.deepEqual(checkoutBody(syncRequest()), { branch: 'main' });
    assert.deepEqual(checkoutBody(syncRequest({ ref: { kind: 'tag', name: 'v1' }, discardLocalChanges: true }), ['src']), {
      tag: 'v1',
      sparse_checkout: { patterns: ['src'] },
      dangerously_force_discard_all: true,
    });
  });

  it('refChanged: another branch, or a branch to a tag; a detached HEAD to a tag is left to the commit', () => {
    const onMain = existingFolder();
    assert.equal(refChanged(onMain, { kind: 'branch', name: 'main' }), false);
    assert.equal(refChanged(onMain, { kind: 'branch', name: 'release' }), true);
    assert.equal(refChanged(onMain, { kind: 'tag', name: 'v1' }), true);
    assert.equal(refChanged(existingFolder({ branch: undefined }), { kind: 'tag', name: 'v1' }), false);
  });

  it('describeCheckoutWrite: a pull on the same branch, a checkout otherwise', () => {
    assert.equal(describeCheckoutWrite(REPO_ID, existingFolder(), syncRequest()), `PATCH /api/2.0/repos/${REPO_ID} (pull branch main)`);
    assert.equal(
      describeCheckoutWrite('7', existingFolder(), syncRequest({ ref: { kind: 'tag', name: 'v1' }, discardLocalChanges: true }), ['a']),
      'PATCH /api/2.0/repos/7 (check out tag v1, sparse patterns a, discarding local changes)',
    );
  });

  describe('checkoutRef', () => {
    it('an existing folder: PATCH, then GET for the head', async () => {
      const { api, update, get } = reposApi();
      const log = new RecordingLogger();

      const request = syncRequest({ ref: { kind: 'branch', name: 'release' } });

      const outcome = await checkoutRef(api, existingFolder(), request, { fresh: false }, log);

      sinon.assert.calledOnceWithExactly(update, REPO_ID, { branch: 'release' });
      sinon.assert.calledOnceWithExactly(get, REPO_ID);
      sinon.assert.callOrder(update, get);
      assert.equal(outcome.headCommitId, COMMIT.release);
      assert.match(log.text(), /Checked out branch release\./);
    });

    it('no GET when the PATCH answer holds head_commit_id', async () => {
      const { api, get } = reposApi({ head_commit_id: COMMIT.main, branch: 'main' });
      const log = new RecordingLogger();

      const outcome = await checkoutRef(api, existingFolder(), syncRequest({ discardLocalChanges: true }), { fresh: false }, log);

      sinon.assert.notCalled(get);
      assert.equal(outcome.headCommitId, COMMIT.main);
      assert.match(log.text(), /Pulled branch main \(local changes discarded\)\./);
    });

    it('a folder just created on the wanted branch: no PATCH, and no GET when the create answered the head', async () => {
      const { api, update, get } = reposApi();

      const created = existingFolder({ head_commit_id: COMMIT.main });

      const outcome = await checkoutRef(api, created, syncRequest(), { fresh: true }, new RecordingLogger());
      sinon.assert.notCalled(update);
      sinon.assert.notCalled(get);
      assert.equal(outcome.headCommitId, COMMIT.main);

      await checkoutRef(api, existingFolder({ head_commit_id: undefined }), syncRequest(), { fresh: true }, new RecordingLogger());
      sinon.assert.notCalled(update);
      sinon.assert.calledOnce(get);
    });

    it('a folder just created still needs the PATCH for a tag, another branch, or when not fresh', async () => {
      for (const [request, fresh] of [
        [syncRequest({ ref: { kind: 'tag', name: 'v1' } }), true],
        [syncRequest({ ref: { kind: 'branch', name: 'release' } }), true],
        [syncRequest(), false],
      ] as const) {
        const { api, update } = reposApi();
        await checkoutRef(api, existingFolder({ head_commit_id: COMMIT.main }), request, { fresh }, new RecordingLogger());
        sinon.assert.calledOnce(update);
      }
    });

    it('fails clearly when the folder vanished after the PATCH', async () => {
      const { api, get } = reposApi();
      get.resolves(undefined);

      await assert.rejects(
        checkoutRef(api, existingFolder(), syncRequest(), { fresh: false }, new RecordingLogger()),
        /disappeared during the sync/,
      );
    });
  });

  it('verifyExpectedCommit: passes on the same commit in any case, fails naming both otherwise, no-op without one', () => {
    verifyExpectedCommit(COMMIT.main, COMMIT.main.toUpperCase());
    verifyExpectedCommit(COMMIT.main, undefined);
    assert.throws(
      () => verifyExpectedCommit(COMMIT.main, COMMIT.v1),
      (e: Error) => e instanceof SyncError && e.message.includes(COMMIT.main) && e.message.includes(COMMIT.v1),
    );
  });

  describe('in the whole sync', () => {
    it('sends new sparse patterns with the update, and none when only their order differs', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder({ head_commit_id: COMMIT.main, sparse_checkout: { patterns: ['src', 'conf'] } }));
      const request = syncRequest({ gitCredential: { mode: 'none' }, sparseCheckoutPatterns: ['src', 'notebooks'] });

      const updated = await syncGitFolder(fake, request, new RecordingLogger());
      assert.deepEqual(fake.log.writes()[0]?.body, { branch: 'main', sparse_checkout: { patterns: ['src', 'notebooks'] } });
      assert.equal(updated.changed, true);

      const again = await syncGitFolder(fake, syncRequest({ ...request, sparseCheckoutPatterns: ['notebooks', 'src'] }), new RecordingLogger());
      assert.deepEqual(fake.log.writes()[1]?.body, { branch: 'main' });
      assert.equal(again.changed, false);
    });

    it('sends dangerously_force_discard_all only with discardLocalChanges', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());

      await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' }, discardLocalChanges: true }), new RecordingLogger());
      await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger());

      assert.deepEqual(
        fake.log.writes().map((c) => c.body),
        [{ branch: 'main', dangerously_force_discard_all: true }, { branch: 'main' }],
      );
    });

    it('passes when the folder ends at expectedCommit (any case) and fails naming both commits otherwise', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());

      const ok = await syncGitFolder(fake, syncRequest({ expectedCommit: COMMIT.main.toUpperCase() }), new RecordingLogger());
      assert.equal(ok.headCommitId, COMMIT.main);

      await assert.rejects(
        syncGitFolder(fake, syncRequest({ expectedCommit: COMMIT.release }), new RecordingLogger()),
        (error: Error) =>
          error instanceof SyncError && error.message.includes(`at commit ${COMMIT.main} but expectedCommit is ${COMMIT.release}`),
      );
    });

    it('fails with the server error when the branch does not exist in the remote', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());

      const request = syncRequest({ ref: { kind: 'branch', name: 'nope' } });

      await assert.rejects(syncGitFolder(fake, request, new RecordingLogger()), { errorCode: 'GIT_UNKNOWN_REF' });
    });
  });
});
