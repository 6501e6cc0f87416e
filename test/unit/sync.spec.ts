// The repo-sync module end to end against the in-memory workspace: request order, round trips, results and failures.

import assert from 'node:assert/strict';
import { syncGitFolder } from '../../tasks/DatabricksRepoSyncV1/src/sync';
import { SyncError } from '../../tasks/DatabricksRepoSyncV1/src/sync/syncError';
import { databricksError } from './sync/support/fakeDatabricks';
import {
  ADO_TOKEN,
  COMMIT,
  CREDENTIAL_ID,
  OTHER_URL,
  REPO_ID,
  REPO_PATH,
  RecordingLogger,
  existingCredential,
  existingFolder,
  syncRequest,
  workspace,
} from './sync/support/fixtures';

const LIST = 'GET /api/2.0/git-credentials';
const STATUS = `GET /api/2.0/workspace/get-status?path=${REPO_PATH}`;

describe('syncGitFolder', () => {
  describe('steady state (credential and folder exist)', () => {
    it('refreshes the credential, pulls the branch and reports the commits in 4 sequential round trips', async () => {
      const fake = workspace();
      existingCredential(fake);
      fake.addFolder(existingFolder());
      const log = new RecordingLogger();

      const result = await syncGitFolder(fake, syncRequest(), log);

      assert.deepEqual(fake.log.byRound(), [
        [LIST, STATUS],
        [`GET /api/2.0/repos/${REPO_ID}`, `PATCH /api/2.0/git-credentials/${CREDENTIAL_ID}`],
        [`PATCH /api/2.0/repos/${REPO_ID}`],
        [`GET /api/2.0/repos/${REPO_ID}`],
      ]);
      assert.deepEqual(fake.log.writes()[0]?.body, { git_provider: 'azureDevOpsServices', personal_access_token: ADO_TOKEN });
      assert.deepEqual(fake.log.writes()[1]?.body, { branch: 'main', git_credential_id: CREDENTIAL_ID }, 'the checkout names the credential it refreshed');
      assert.deepEqual(result, {
        repoId: REPO_ID,
        repoPath: REPO_PATH,
        headCommitId: COMMIT.main,
        previousCommitId: COMMIT.mainOld,
        branch: 'main',
        tag: '',
        credentialId: CREDENTIAL_ID,
        changed: true,
        credentialAction: 'updated',
        folderAction: 'updated',
        permissionsApplied: [],
        plannedWrites: [],
        warnings: [],
      });
      assert.match(log.text(), /Found Git folder 1234567890123456789 at \/Repos\/ci\/pipelines/);
      assert.match(log.text(), /Pulled branch main\./);
      assert.equal(log.lines.filter((line) => line.includes('valid about one hour')).length, 1);
      assert.match(log.text(), new RegExp(`Commit: ${COMMIT.mainOld} → ${COMMIT.main}\\.`));
    });

    it('has the credential list and get-status in flight together before either answers', async () => {
      const fake = workspace();
      existingCredential(fake);
      fake.addFolder(existingFolder());
      fake.log.requireInFlightTogether([LIST, STATUS]);

      const result = await syncGitFolder(fake, syncRequest(), new RecordingLogger());

      assert.equal(result.headCommitId, COMMIT.main);
    });

    it('has the credential PATCH and the repo GET in flight together', async () => {
      const fake = workspace();
      existingCredential(fake);
      fake.addFolder(existingFolder());
      fake.log.requireInFlightTogether([`PATCH /api/2.0/git-credentials/${CREDENTIAL_ID}`, `GET /api/2.0/repos/${REPO_ID}`]);

      await syncGitFolder(fake, syncRequest(), new RecordingLogger());
    });

    it('reports no change when the pull finds nothing new: refreshing the credential alone is not a change', async () => {
      const fake = workspace();
      existingCredential(fake);
      fake.addFolder(existingFolder({ head_commit_id: COMMIT.main }));
      const log = new RecordingLogger();

      const result = await syncGitFolder(fake, syncRequest(), log);

      assert.equal(result.changed, false);
      assert.equal(result.folderAction, 'unchanged');
      assert.equal(result.credentialAction, 'updated');
      assert.equal(result.previousCommitId, COMMIT.main);
      assert.match(log.text(), new RegExp(`Commit: ${COMMIT.main} \\(unchanged\\)`));
    });

    it('switches branch (a change even at the same commit) and checks out a tag', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder({ head_commit_id: COMMIT.release }));

      const onBranch = await syncGitFolder(fake, syncRequest({ ref: { kind: 'branch', name: 'release' } }), new RecordingLogger());
      assert.equal(onBranch.changed, true);
      assert.equal(onBranch.folderAction, 'updated');

      const onTag = await syncGitFolder(fake, syncRequest({ ref: { kind: 'tag', name: 'v1' } }), new RecordingLogger());
      assert.deepEqual(fake.log.writes().at(-1)?.body, { tag: 'v1', git_credential_id: onBranch.credentialId });
      assert.deepEqual([onTag.branch, onTag.tag, onTag.headCommitId, onTag.changed], ['', 'v1', COMMIT.v1, true]);
    });

    it('uses the head_commit_id of a PATCH answer instead of reading the folder again', async () => {
      const fake = workspace();
      fake.patchAnswersRepo = true;
      fake.addFolder(existingFolder());

      const result = await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger());

      assert.deepEqual(fake.log.keys(), [STATUS, `GET /api/2.0/repos/${REPO_ID}`, `PATCH /api/2.0/repos/${REPO_ID}`]);
      assert.equal(result.headCommitId, COMMIT.main);
    });

    it('finds a Git folder with Git CLI access (DIRECTORY, is_git_folder true) and one from an older server', async () => {
      for (const legacy of [false, true]) {
        const fake = workspace();
        fake.addFolder(existingFolder(), { gitCli: true });
        if (legacy) delete fake.objects.get(REPO_PATH)!.directory_info;

        const result = await syncGitFolder(fake, syncRequest(), new RecordingLogger());

        assert.equal(result.repoId, REPO_ID);
        assert.equal(result.folderAction, 'updated');
        assert.ok(!fake.log.keys().includes('GET /api/2.0/repos'), 'never the deprecated list API');
      }
    });
  });

  describe('first run (nothing at the path)', () => {
    it('creates credential and parent folder side by side, then clones; no PATCH when the create is on the branch', async () => {
      const fake = workspace();
      const log = new RecordingLogger();

      const result = await syncGitFolder(fake, syncRequest(), log);

      assert.deepEqual(fake.log.byRound(), [
        [LIST, STATUS],
        ['POST /api/2.0/git-credentials', 'POST /api/2.0/workspace/mkdirs'],
        ['POST /api/2.0/repos'],
      ]);
      assert.deepEqual(fake.log.bodyOf('POST /api/2.0/git-credentials'), {
        git_provider: 'azureDevOpsServices',
        personal_access_token: ADO_TOKEN,
      });
      assert.deepEqual(fake.log.bodyOf('POST /api/2.0/workspace/mkdirs'), { path: '/Repos/ci' });
      assert.deepEqual(fake.log.bodyOf('POST /api/2.0/repos'), {
        url: existingFolder().url,
        provider: 'azureDevOpsServices',
        path: REPO_PATH,
        git_credential_id: result.credentialId,
      });
      assert.equal(result.folderAction, 'created');
      assert.equal(result.credentialAction, 'created');
      assert.equal(result.previousCommitId, '');
      assert.equal(result.headCommitId, COMMIT.main);
      assert.equal(result.changed, true);
      assert.match(result.repoId, /^\d{16,}$/);
      assert.equal(result.credentialId, fake.credentials[0]?.credential_id);
      assert.match(log.text(), /Nothing at \/Repos\/ci\/pipelines\./);
      assert.match(log.text(), /Commit: \(new folder\) → b{40}\./);
    });

    it('checks out another branch after the create, with sparse checkout, in 5 round trips', async () => {
      const fake = workspace();
      const request = syncRequest({ ref: { kind: 'branch', name: 'release' }, sparseCheckoutPatterns: ['src', 'notebooks'] });

      const result = await syncGitFolder(fake, request, new RecordingLogger());

      assert.deepEqual(fake.log.bodyOf('POST /api/2.0/repos'), {
        url: existingFolder().url,
        provider: 'azureDevOpsServices',
        path: REPO_PATH,
        sparse_checkout: { patterns: ['src', 'notebooks'] },
        git_credential_id: result.credentialId,
      });
      assert.deepEqual(fake.log.writes().at(-1)?.body, { branch: 'release', git_credential_id: result.credentialId });
      assert.equal(result.headCommitId, COMMIT.release);
      assert.equal(fake.log.rounds(), 5);
    });

    it('fails without createIfMissing and writes nothing', async () => {
      const fake = workspace();

      await assert.rejects(
        syncGitFolder(fake, syncRequest({ createIfMissing: false }), new RecordingLogger()),
        (error: Error) =>
          error instanceof SyncError && /no Git folder at \/Repos\/ci\/pipelines and createIfMissing is false/.test(error.message),
      );
      assert.deepEqual(fake.log.writes(), []);
    });
  });

  describe('what is at the path is not a Git folder', () => {
    for (const [what, object] of [
      ['a notebook', { object_type: 'NOTEBOOK' }],
      ['a file', { object_type: 'FILE' }],
      ['a plain folder (DIRECTORY, is_git_folder false)', { object_type: 'DIRECTORY', directory_info: { is_git_folder: false } }],
    ] as const) {
      it(`fails on ${what} and writes nothing, the credential included`, async () => {
        const fake = workspace();
        existingCredential(fake);
        fake.objects.set(REPO_PATH, { object_id: '4611686018427387905', path: REPO_PATH, ...object });

        await assert.rejects(syncGitFolder(fake, syncRequest(), new RecordingLogger()), /holds a .*, not a Git folder\. Nothing was changed/);
        assert.deepEqual(fake.log.writes(), []);
        assert.ok(!fake.log.keys().some((k) => k.startsWith('GET /api/2.0/repos')));
      });
    }

    it('fails when the Repos API does not know the object (404)', async () => {
      const fake = workspace();
      fake.objects.set(REPO_PATH, { object_id: '4611686018427387905', object_type: 'REPO', path: REPO_PATH });

      await assert.rejects(
        syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger()),
        /holds a repo that the Repos API does not know, not a Git folder/,
      );
      assert.deepEqual(fake.log.keys(), [STATUS, 'GET /api/2.0/repos/4611686018427387905']);
    });
  });

  describe('existing folder that does not match', () => {
    const cases = [
      { name: 'another URL', folder: { url: OTHER_URL }, request: {}, found: OTHER_URL, wanted: existingFolder().url },
      { name: 'another provider', folder: { provider: 'gitHub' }, request: {}, found: 'gitHub', wanted: 'azureDevOpsServices' },
      { name: 'sparse checkout on', folder: { sparse_checkout: { patterns: ['src'] } }, request: {}, found: 'on (src)', wanted: 'off' },
      { name: 'sparse checkout off', folder: {}, request: { sparseCheckoutPatterns: ['src'] }, found: 'off', wanted: 'on (src)' },
    ];
    for (const c of cases) {
      it(`onMismatch fail: ${c.name} names both values and leaves the folder alone`, async () => {
        const fake = workspace();
        fake.addFolder(existingFolder(c.folder));

        const request = syncRequest({ ...c.request, gitCredential: { mode: 'none' } });

        await assert.rejects(syncGitFolder(fake, request, new RecordingLogger()), (error: Error) => {
          assert.ok(error instanceof SyncError);
          assert.ok(error.message.includes(`is ${c.found} but the task asks for ${c.wanted}`), error.message);
          return true;
        });
        assert.deepEqual(fake.log.writes(), []);
      });
    }

    it('onMismatch recreate: deletes and clones again (no mkdirs), previousCommitId is the old head', async () => {
      const fake = workspace();
      existingCredential(fake);
      fake.addFolder(existingFolder({ url: `${OTHER_URL}.git`, provider: 'gitHub', head_commit_id: COMMIT.release }));

      const result = await syncGitFolder(fake, syncRequest({ onMismatch: 'recreate' }), new RecordingLogger());

      assert.deepEqual(
        fake.log.writes().map((c) => `${c.method} ${c.path}`),
        [`PATCH /api/2.0/git-credentials/${CREDENTIAL_ID}`, `DELETE /api/2.0/repos/${REPO_ID}`, 'POST /api/2.0/repos'],
      );
      assert.equal(result.folderAction, 'recreated');
      assert.equal(result.previousCommitId, COMMIT.release);
      assert.equal(result.headCommitId, COMMIT.main);
      assert.notEqual(result.repoId, REPO_ID);
      assert.equal(result.changed, true);
    });

    it('treats the same remote written differently (user info, host case, .git) as a match', async () => {
      const fake = workspace();
      const url = 'https://contoso@DEV.azure.com/contoso/data/_git/pipelines.git';
      fake.addFolder(existingFolder({ url, provider: 'AzureDevOpsServices' }));

      const result = await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger());

      assert.equal(result.folderAction, 'updated');
    });
  });

  it('keeps int64 ids as exact strings and neutralises server text in the log', async () => {
    const fake = workspace();
    fake.credentials.push({ credential_id: '9223372036854775807', git_provider: 'AZUREDEVOPSSERVICES' });
    fake.addFolder(existingFolder({ id: '9223372036854775806', path: '/Repos/ci/##vso[task.setvariable variable=x]y' }));
    const log = new RecordingLogger();

    const result = await syncGitFolder(fake, syncRequest({ repoPath: '/Repos/ci/##vso[task.setvariable variable=x]y' }), log);

    assert.equal(result.repoId, '9223372036854775806');
    assert.equal(result.credentialId, '9223372036854775807');
    assert.ok(fake.log.keys().includes('PATCH /api/2.0/git-credentials/9223372036854775807'));
    assert.doesNotMatch(log.text(), /##vso\[/);
  });

  it('reports a failed get-status even while the credential list is still running', async () => {
    const fake = workspace();
    fake.log.failNext(STATUS, databricksError(403, 'PERMISSION_DENIED', 'no workspace access'));

    await assert.rejects(syncGitFolder(fake, syncRequest(), new RecordingLogger()), { status: 403 });
    assert.deepEqual(fake.log.writes(), []);
  });

  describe('a failure while the credential list is in flight', () => {
    /** Holds the answer to the credential list until `release()`; `answered` says whether it came. */
    function holdList(fake: ReturnType<typeof workspace>): { release: () => void; answered: () => boolean } {
      let release: () => void = () => undefined;
      let answered = false;
      const held = new Promise<void>((resolve) => (release = resolve));
      fake.log.before(LIST, async () => {
        await held;
        answered = true;
      });
      return { release, answered: () => answered };
    }

    const failures: [string, (fake: ReturnType<typeof workspace>) => void, RegExp | object][] = [
      ['get-status fails', (fake) => fake.log.failNext(STATUS, databricksError(503, 'TEMPORARILY_UNAVAILABLE', 'later')), { status: 503 }],
      [
        'get-status shows a notebook',
        (fake) => fake.objects.set(REPO_PATH, { object_id: '4611686018427387905', object_type: 'NOTEBOOK', path: REPO_PATH }),
        /not a Git folder/,
      ],
      ['nothing is there and createIfMissing is false', () => undefined, /createIfMissing is false/],
    ];
    for (const [what, arrange, expected] of failures) {
      it(`${what}: the list settles before the error is reported`, async () => {
        const fake = workspace();
        arrange(fake);
        const list = holdList(fake);
        let rejected = false;
        const run = syncGitFolder(fake, syncRequest({ createIfMissing: false }), new RecordingLogger());
        run.catch(() => (rejected = true));

        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(rejected, false, 'rejected while the list was still in flight');
        list.release();

        await assert.rejects(run, expected);
        assert.equal(list.answered(), true);
        assert.deepEqual(fake.log.writes(), []);
      });
    }

    it('reports the get-status error, not the list error, when both fail', async () => {
      const fake = workspace();
      fake.log.failNext(LIST, databricksError(500, 'INTERNAL_ERROR', 'list failed'));
      fake.log.failNext(STATUS, databricksError(403, 'PERMISSION_DENIED', 'no workspace access'));

      await assert.rejects(syncGitFolder(fake, syncRequest(), new RecordingLogger()), { status: 403 });
    });
  });
});
