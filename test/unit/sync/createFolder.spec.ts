// Creating the Git folder: the request body, the parent folder, and recovery after a failed or concurrent create.

import assert from 'node:assert/strict';
import { createGitFolder, createRequestBody, parentFolder } from '../../../tasks/DatabricksRepoSyncV1/src/sync/createFolder';
import { syncGitFolder } from '../../../tasks/DatabricksRepoSyncV1/src/sync';
import { databricksError } from './support/fakeDatabricks';
import {
  COMMIT,
  OTHER_URL,
  REPO_ID,
  REPO_PATH,
  REPO_URL,
  RecordingLogger,
  RecordingPause,
  existingFolder,
  syncRequest,
  workspace,
} from './support/fixtures';

const CREATE = 'POST /api/2.0/repos';
const STATUS = `GET /api/2.0/workspace/get-status?path=${REPO_PATH}`;

describe('sync/createFolder', () => {
  it('parentFolder and the create body (sparse_checkout only with patterns)', () => {
    assert.equal(parentFolder('/Repos/ci/app'), '/Repos/ci');
    assert.equal(parentFolder('/app'), '');
    assert.deepEqual(createRequestBody(syncRequest()), { url: REPO_URL, provider: 'azureDevOpsServices', path: REPO_PATH });
    assert.deepEqual(createRequestBody(syncRequest({ sparseCheckoutPatterns: ['src'] })).sparse_checkout, { patterns: ['src'] });
  });

  describe('createGitFolder', () => {
    it('a 5xx that still made the folder (partial create): finds it by path and goes on, not fresh', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      fake.log.failNext(CREATE, databricksError(500, 'INTERNAL_ERROR', 'Failed to clone repo. Repo may be incomplete'), true);
      const log = new RecordingLogger();

      const created = await createGitFolder(fake, syncRequest(), log);

      assert.equal(created.fresh, false);
      assert.equal(created.repo.path, REPO_PATH);
      assert.deepEqual(fake.log.keys(), [CREATE, STATUS, `GET /api/2.0/repos/${created.repo.id}`]);
      assert.match(log.text(), /Creating the Git folder failed \(HTTP 500\), but Git folder \d+ is now at \/Repos\/ci\/pipelines/);
    });

    it('"Failed to clone repo … may be incomplete" at a 4xx is recovered too: the folder is found by path', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      fake.log.failNext(CREATE, databricksError(400, 'BAD_REQUEST', 'Failed to clone repo. Repo may be incomplete: remote hung up'), true);

      const created = await createGitFolder(fake, syncRequest(), new RecordingLogger());

      assert.equal(created.fresh, false);
      assert.equal(created.repo.path, REPO_PATH);
    });

    it('TEMPORARILY_UNAVAILABLE at a 4xx is uncertain like a 503: read by path, then sent again when nothing is there', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      fake.log.failNext(CREATE, databricksError(400, 'TEMPORARILY_UNAVAILABLE', 'try later'));

      const created = await createGitFolder(fake, syncRequest(), new RecordingLogger());

      assert.equal(created.fresh, true);
      assert.deepEqual(fake.log.keys(), [CREATE, STATUS, CREATE]);
    });

    it('"already exists" from a concurrent run: adopts that folder', async () => {
      const fake = workspace();
      fake.log.before(CREATE, () => void fake.addFolder(existingFolder({ head_commit_id: COMMIT.main })));

      const created = await createGitFolder(fake, syncRequest(), new RecordingLogger());

      assert.deepEqual([created.repo.id, created.fresh], [REPO_ID, false]);
    });

    it('a network error (status 0) with nothing at the path: the create did not happen, so it is sent again', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      fake.log.failNext(CREATE, databricksError(0, undefined, 'socket hang up'));
      const log = new RecordingLogger();

      const created = await createGitFolder(fake, syncRequest(), log);

      assert.equal(created.fresh, true);
      assert.deepEqual(fake.log.keys(), [CREATE, STATUS, CREATE]);
      assert.match(log.text(), /Creating the Git folder failed \(no answer\) and created nothing: trying again \(attempt 2\)/);
    });

    it('uncertain failures that never create anything: gives up after three creates with the last error', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      const failures = [500, 503, 502].map((status) => databricksError(status, 'TEMPORARILY_UNAVAILABLE', 'try later'));
      for (const failure of failures) fake.log.failNext(CREATE, failure);

      await assert.rejects(createGitFolder(fake, syncRequest(), new RecordingLogger()), (e) => e === failures[2]);
      assert.deepEqual(fake.log.keys(), [CREATE, STATUS, CREATE, STATUS, CREATE, STATUS]);
    });

    it('pauses before each resend with the number of the failed create, and stops with the last error when refused', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      const failures = [503, 500].map((status) => databricksError(status, 'TEMPORARILY_UNAVAILABLE', 'try later'));
      for (const failure of failures) fake.log.failNext(CREATE, failure);
      const budget = new RecordingPause(fake, CREATE, (attempt) => attempt < 2);

      await assert.rejects(createGitFolder(fake, syncRequest(), new RecordingLogger(), budget.pause), (e) => e === failures[1]);

      assert.deepEqual(budget.calls, [
        { attempt: 1, sentSoFar: 1 },
        { attempt: 2, sentSoFar: 2 },
      ]);
      assert.deepEqual(fake.log.keys(), [CREATE, STATUS, CREATE, STATUS]);
    });

    it('a resend after the pause creates the folder; a partial create is adopted without a pause', async () => {
      const fake = workspace();
      fake.addDirectory('/Repos/ci');
      fake.log.failNext(CREATE, databricksError(0, undefined, 'socket hang up'));
      const budget = new RecordingPause(fake, CREATE);

      const created = await createGitFolder(fake, syncRequest(), new RecordingLogger(), budget.pause);
      assert.deepEqual([created.fresh, budget.attempts()], [true, [1]]);

      const partial = workspace();
      partial.addDirectory('/Repos/ci');
      partial.log.failNext(CREATE, databricksError(500, 'INTERNAL_ERROR', 'Repo may be incomplete'), true);
      const unused = new RecordingPause(partial, CREATE);
      await createGitFolder(partial, syncRequest(), new RecordingLogger(), unused.pause);
      assert.deepEqual(unused.calls, []);
    });

    it('a 429 (the HTTP layer already retried it within the budget) is rethrown at once: it created nothing', async () => {
      const fake = workspace();
      const throttled = databricksError(429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests');
      fake.log.failNext(CREATE, throttled);
      const budget = new RecordingPause(fake, CREATE);

      await assert.rejects(createGitFolder(fake, syncRequest(), new RecordingLogger(), budget.pause), (e) => e === throttled);

      assert.deepEqual(fake.log.keys(), [CREATE]);
      assert.deepEqual(budget.calls, []);
    });

    it('other errors are rethrown without looking again', async () => {
      const fake = workspace();
      const denied = databricksError(403, 'PERMISSION_DENIED', 'Invalid Git provider credentials.');
      fake.log.failNext(CREATE, denied);

      await assert.rejects(createGitFolder(fake, syncRequest(), new RecordingLogger()), (e) => e === denied);
      assert.deepEqual(fake.log.keys(), [CREATE]);
    });

    it('a concurrent folder for another remote is a mismatch, not adopted', async () => {
      const fake = workspace();
      fake.log.before(CREATE, () => void fake.addFolder(existingFolder({ url: OTHER_URL })));

      await assert.rejects(createGitFolder(fake, syncRequest(), new RecordingLogger()), /URL is https:\/\/github.com\/contoso\/other but/);
    });
  });

  describe('in the whole sync', () => {
    it('after a partial create it checks out the branch (the clone state is unknown) and reports a created folder', async () => {
      const fake = workspace();
      fake.log.failNext(CREATE, databricksError(503, 'TEMPORARILY_UNAVAILABLE', 'try later'), true);

      const result = await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger());

      assert.deepEqual(fake.log.keys().slice(2), [
        CREATE,
        STATUS,
        `GET /api/2.0/repos/${result.repoId}`,
        `PATCH /api/2.0/repos/${result.repoId}`,
        `GET /api/2.0/repos/${result.repoId}`,
      ]);
      assert.deepEqual([result.folderAction, result.previousCommitId, result.headCommitId, result.changed], ['created', '', COMMIT.main, true]);
    });

    it('passes the pause of syncGitFolder to the create, also when recreating', async () => {
      for (const existing of [false, true]) {
        const fake = workspace();
        if (existing) fake.addFolder(existingFolder({ url: OTHER_URL }));
        fake.log.failNext(CREATE, databricksError(502, 'TEMPORARILY_UNAVAILABLE', 'try later'));
        const budget = new RecordingPause(fake, CREATE);
        const request = syncRequest({ gitCredential: { mode: 'none' }, onMismatch: 'recreate' });

        const result = await syncGitFolder(fake, request, new RecordingLogger(), budget.pause);

        assert.deepEqual([result.folderAction, budget.attempts()], [existing ? 'recreated' : 'created', [1]]);
      }
    });

    it('after losing a create race it goes on with the winner and pulls', async () => {
      const fake = workspace();
      fake.log.before(CREATE, () => void fake.addFolder(existingFolder()));

      const result = await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger());

      assert.deepEqual([result.repoId, result.folderAction, result.headCommitId], [REPO_ID, 'created', COMMIT.main]);
      assert.ok(fake.log.keys().includes(`PATCH /api/2.0/repos/${REPO_ID}`));
    });
  });
});
