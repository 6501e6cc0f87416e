// The Git credential: the body stored for each gitCredential mode, and the upsert with its two race signals.

import assert from 'node:assert/strict';
import sinon from 'sinon';
import {
  describeCredentialWrite,
  isCredentialConflict,
  logCredentialNotes,
  pickCredential,
  upsertCredential,
  wantedCredential,
} from '../../../tasks/DatabricksRepoSyncV1/src/sync/gitCredential';
import { syncGitFolder } from '../../../tasks/DatabricksRepoSyncV1/src/sync';
import { SyncError } from '../../../tasks/DatabricksRepoSyncV1/src/sync/syncError';
import { databricksError } from './support/fakeDatabricks';
import {
  ADO_TOKEN,
  CREDENTIAL_ID,
  HOST,
  RecordingLogger,
  RecordingPause,
  existingCredential,
  existingFolder,
  syncRequest,
  workspace,
} from './support/fixtures';

const LIST = 'GET /api/2.0/git-credentials';
const POST = 'POST /api/2.0/git-credentials';

describe('sync/gitCredential', () => {
  describe('wantedCredential', () => {
    it('entraToken: azureDevOpsServices with the Azure DevOps token, and the optional committer identity', async () => {
      const wanted = wantedCredential(
        syncRequest({ gitCredential: { mode: 'entraToken', username: 'CI Bot', email: 'ci@contoso.com' } }),
      );
      assert.equal(wanted?.provider, 'azureDevOpsServices');
      assert.deepEqual(await wanted?.body(), {
        git_provider: 'azureDevOpsServices',
        git_username: 'CI Bot',
        git_email: 'ci@contoso.com',
        personal_access_token: ADO_TOKEN,
      });
      assert.equal(wanted?.purpose, 'refresh the Azure DevOps token');
    });

    it('federated: azureDevOpsServicesAad with no token and no username', async () => {
      const wanted = wantedCredential(syncRequest({ gitCredential: { mode: 'federated', username: 'CI Bot', email: 'ci@contoso.com' } }));
      assert.deepEqual(await wanted?.body(), { git_provider: 'azureDevOpsServicesAad' });
    });

    it('entraToken asks for the Azure DevOps token each time the body is built, so a refreshed token is written', async () => {
      const handedOut = ['first-token', 'refreshed-token'];
      const wanted = wantedCredential(syncRequest({ azureDevOpsToken: () => Promise.resolve(handedOut.shift() ?? '') }));
      assert.equal((await wanted?.body())?.personal_access_token, 'first-token');
      assert.equal((await wanted?.body())?.personal_access_token, 'refreshed-token');
    });

    it("personalAccessToken: the repository's provider with gitToken", async () => {
      const wanted = wantedCredential(
        syncRequest({ gitProvider: 'gitHub', gitCredential: { mode: 'personalAccessToken', token: 'ghp_x', email: 'ci@contoso.com' } }),
      );
      assert.deepEqual(await wanted?.body(), { git_provider: 'gitHub', git_email: 'ci@contoso.com', personal_access_token: 'ghp_x' });
    });

    it('none: nothing', () => {
      assert.equal(wantedCredential(syncRequest({ gitCredential: { mode: 'none' } })), undefined);
    });

    it('fails before any request when the token for the mode is missing', () => {
      assert.throws(() => wantedCredential(syncRequest({ azureDevOpsToken: undefined })), SyncError);
      assert.throws(() => wantedCredential(syncRequest({ gitCredential: { mode: 'personalAccessToken' } })), SyncError);
    });
  });

  describe('logCredentialNotes', () => {
    it('says once that an entraToken credential expires about an hour after the run', () => {
      const log = new RecordingLogger();
      logCredentialNotes(syncRequest(), log);
      assert.equal(log.lines.length, 1);
      assert.match(log.text(), /valid about one hour, so the stored credential expires about an hour after this run/);
    });

    it('says what the Entra app needs for federated: issuer <host>/oidc, subject the application id, audience', () => {
      const log = new RecordingLogger();
      logCredentialNotes(syncRequest({ gitCredential: { mode: 'federated' } }), log);
      const needs = `issuer ${HOST}/oidc, subject 11111111-2222-3333-4444-555555555555, audience api://AzureADTokenExchange`;
      assert.ok(log.text().includes(needs), log.text());
    });
  });

  describe('pickCredential and isCredentialConflict', () => {
    it('matches the provider case-insensitively and prefers the default for the provider', () => {
      const list = [
        { credential_id: '1', git_provider: 'gitHub' },
        { credential_id: '2', git_provider: 'AzureDevOpsServices', is_default_for_provider: false },
        { credential_id: '3', git_provider: 'azuredevopsservices', is_default_for_provider: true },
      ];
      assert.equal(pickCredential(list, 'azureDevOpsServices')?.credential_id, '3');
      assert.equal(pickCredential(list.slice(0, 2), 'azureDevOpsServices')?.credential_id, '2');
      assert.equal(pickCredential(list, 'gitLab'), undefined);
    });

    it('recognises 409 and the two "only one" messages, nothing else', () => {
      assert.ok(isCredentialConflict(databricksError(409, undefined, 'Conflict')));
      assert.ok(isCredentialConflict(databricksError(400, 'INVALID_PARAMETER_VALUE', 'Only one Git credential is supported at this time.')));
      assert.ok(isCredentialConflict(databricksError(400, undefined, 'Only one credential per provider is allowed for service principals.')));
      assert.ok(!isCredentialConflict(databricksError(400, 'INVALID_PARAMETER_VALUE', 'Invalid provider')));
      assert.ok(!isCredentialConflict(new Error('Only one Git credential')));
    });

    it('describes the write as a plan line', () => {
      const wanted = wantedCredential(syncRequest())!;
      assert.equal(
        describeCredentialWrite(wanted, { credential_id: '123', git_provider: 'azureDevOpsServices' }),
        'PATCH /api/2.0/git-credentials/123 (refresh the Azure DevOps token)',
      );
      assert.equal(describeCredentialWrite(wanted, undefined), 'POST /api/2.0/git-credentials (create the azureDevOpsServices credential)');
    });
  });

  describe('upsertCredential', () => {
    it('PATCHes the existing entry with the full body, git_provider included', async () => {
      const fake = workspace();
      existingCredential(fake, 'AZUREDEVOPSSERVICES');

      const outcome = await upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger());

      assert.deepEqual(fake.log.keys(), ['GET /api/2.0/git-credentials', `PATCH /api/2.0/git-credentials/${CREDENTIAL_ID}`]);
      assert.deepEqual(fake.log.writes()[0]?.body, { git_provider: 'azureDevOpsServices', personal_access_token: ADO_TOKEN });
      assert.deepEqual(outcome, { action: 'updated', credentialId: CREDENTIAL_ID });
    });

    it('POSTs when the provider has no credential, leaving other providers alone', async () => {
      const fake = workspace();
      existingCredential(fake, 'gitHub');

      const outcome = await upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger());

      assert.deepEqual(fake.log.keys(), ['GET /api/2.0/git-credentials', 'POST /api/2.0/git-credentials']);
      assert.equal(outcome.action, 'created');
      assert.equal(outcome.credentialId, fake.credentials[1]?.credential_id);
    });

    it('uses a list already in flight instead of listing again', async () => {
      const fake = workspace();
      existingCredential(fake);
      const list = sinon.spy(fake.gitCredentials, 'list');

      await upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger(), Promise.resolve(fake.credentials));

      sinon.assert.notCalled(list);
    });

    for (const style of ['status409', 'legacyMessage'] as const) {
      it(`a create that loses the race (${style}) lists again and PATCHes the winner's credential`, async () => {
        const fake = workspace();
        fake.credentialConflict = style;
        fake.log.before('POST /api/2.0/git-credentials', () => existingCredential(fake));
        const log = new RecordingLogger();

        const outcome = await upsertCredential(fake, wantedCredential(syncRequest())!, log);

        assert.deepEqual(fake.log.keys(), [
          'GET /api/2.0/git-credentials',
          'POST /api/2.0/git-credentials',
          'GET /api/2.0/git-credentials',
          `PATCH /api/2.0/git-credentials/${CREDENTIAL_ID}`,
        ]);
        assert.deepEqual(outcome, { action: 'updated', credentialId: CREDENTIAL_ID });
        assert.match(log.text(), /created at the same time by another run/);
      });
    }

    it('a create that failed without a clear answer and made nothing is sent again', async () => {
      const fake = workspace();
      fake.log.failNext('POST /api/2.0/git-credentials', databricksError(503, 'TEMPORARILY_UNAVAILABLE', 'try later'));
      const log = new RecordingLogger();

      const outcome = await upsertCredential(fake, wantedCredential(syncRequest())!, log);

      assert.deepEqual(fake.log.keys(), [
        'GET /api/2.0/git-credentials',
        'POST /api/2.0/git-credentials',
        'GET /api/2.0/git-credentials',
        'POST /api/2.0/git-credentials',
      ]);
      assert.equal(outcome.action, 'created');
      assert.match(log.text(), /failed \(HTTP 503\) and created nothing: trying again \(attempt 2\)/);
    });

    it('pauses before each resend, and stops with the last error when the pause says the budget is spent', async () => {
      const fake = workspace();
      const failures = [503, 0, 500].map((status) => databricksError(status, 'TEMPORARILY_UNAVAILABLE', 'try later'));
      for (const failure of failures) fake.log.failNext(POST, failure);
      const budget = new RecordingPause(fake, POST, (attempt) => attempt < 2);

      const upsert = upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger(), undefined, budget.pause);

      await assert.rejects(upsert, (e) => e === failures[1]);
      assert.deepEqual(budget.calls, [
        { attempt: 1, sentSoFar: 1 },
        { attempt: 2, sentSoFar: 2 },
      ]);
      assert.deepEqual(fake.log.keys(), [LIST, POST, LIST, POST, LIST]);
    });

    it('a 429 to the create (already retried by the HTTP layer) is rethrown without listing again or resending', async () => {
      const fake = workspace();
      const throttled = databricksError(429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests');
      fake.log.failNext(POST, throttled);
      const budget = new RecordingPause(fake, POST);

      const upsert = upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger(), undefined, budget.pause);

      await assert.rejects(upsert, (e) => e === throttled);
      assert.deepEqual(fake.log.keys(), [LIST, POST]);
      assert.deepEqual(budget.calls, []);
    });

    it('the pause given to syncGitFolder reaches the credential create', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());
      fake.log.failNext(POST, databricksError(504, 'TEMPORARILY_UNAVAILABLE', 'try later'));
      const budget = new RecordingPause(fake, POST);

      const result = await syncGitFolder(fake, syncRequest(), new RecordingLogger(), budget.pause);

      assert.deepEqual([result.credentialAction, budget.attempts()], ['created', [1]]);
    });

    it('a create that answered 5xx but took effect is found by listing again and updated, not created twice', async () => {
      const fake = workspace();
      fake.log.failNext('POST /api/2.0/git-credentials', databricksError(500, 'INTERNAL_ERROR', 'oops'), true);

      const outcome = await upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger());

      assert.equal(outcome.action, 'updated');
      assert.equal(fake.log.keys().filter((k) => k === 'POST /api/2.0/git-credentials').length, 1);
      assert.equal(fake.credentials.length, 1);
    });

    it('rethrows a conflict when the second list still has no credential, and any other create error', async () => {
      const fake = workspace();
      const conflict = databricksError(409, 'RESOURCE_ALREADY_EXISTS', 'Only one credential per provider');
      fake.log.failNext('POST /api/2.0/git-credentials', conflict);
      await assert.rejects(upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger()), (e) => e === conflict);

      const denied = databricksError(403, 'PERMISSION_DENIED', 'denied');
      fake.log.failNext('POST /api/2.0/git-credentials', denied);
      await assert.rejects(upsertCredential(fake, wantedCredential(syncRequest())!, new RecordingLogger()), (e) => e === denied);
      assert.equal(fake.log.keys().filter((k) => k === 'GET /api/2.0/git-credentials').length, 3);
    });
  });

  describe('in the whole sync', () => {
    it('federated stores no token; personalAccessToken the gitToken for the provider; none touches no credential', async () => {
      const federated = workspace();
      federated.addFolder(existingFolder());
      await syncGitFolder(federated, syncRequest({ gitCredential: { mode: 'federated' } }), new RecordingLogger());
      assert.deepEqual(federated.log.bodyOf('POST /api/2.0/git-credentials'), { git_provider: 'azureDevOpsServicesAad' });

      const pat = workspace();
      pat.addFolder(existingFolder());
      await syncGitFolder(pat, syncRequest({ gitCredential: { mode: 'personalAccessToken', token: 'pat-1' } }), new RecordingLogger());
      assert.deepEqual(pat.credentials[0], {
        credential_id: pat.credentials[0]?.credential_id,
        git_provider: 'azureDevOpsServices',
        personal_access_token: 'pat-1',
        is_default_for_provider: true,
      });

      const none = workspace();
      none.addFolder(existingFolder());
      const result = await syncGitFolder(none, syncRequest({ gitCredential: { mode: 'none' } }), new RecordingLogger());
      assert.ok(!none.log.keys().some((k) => k.includes('git-credentials')));
      assert.deepEqual([result.credentialAction, result.credentialId], ['skipped', '']);
    });
  });
});
