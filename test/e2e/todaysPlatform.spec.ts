// End to end: the packaged task on today's Databricks (SPEC §4.2–§4.4): the Git credential named on every create and
// check-out (Git folders with Git CLI access do not guess), the SDKs' retry rules, tokens never sent near their expiry,
// and the answers a user can act on (Private Link, unknown principals, partial clones, codes said once).

import assert from 'node:assert/strict';
import { appServiceEnvironment } from './support/signIn';
import {
  ROUTES,
  adoUrl,
  assertSucceeded,
  byRoute,
  credentialIdFor,
  folderAt,
  oneError,
  removeCredentials,
  seedCredential,
  seedFolder,
  shown,
  statuses,
  sync,
  uniqueRepoPath,
  useWorld,
  type E2eWorld,
  type SyncRecord,
} from './support/syncScenarios';

/** A Git-CLI folder's path: outside /Repos, where today's workspaces create new Git folders with Git CLI access. */
function sharedPath(label: string): string {
  return uniqueRepoPath(label).replace(/^\/Repos\//, '/Shared/');
}

/** Every create and check-out of the run named this credential. */
function assertNamed(record: SyncRecord, credentialId: string): void {
  const operations = [...byRoute(record.requests, ROUTES.createRepo), ...byRoute(record.requests, ROUTES.updateRepo)];
  assert.ok(operations.length > 0, 'a create or a check-out was sent');
  for (const operation of operations) {
    assert.equal((operation.body as Record<string, unknown>)['git_credential_id'], credentialId, `${operation.route} names the credential`);
  }
}

describe("e2e: today's Databricks platform", function () {
  this.timeout(60_000);
  let world: E2eWorld;

  // useWorld puts every knob these tests turn back to its default after each test.
  useWorld((started) => (world = started));

  describe('the Git credential, chosen explicitly', () => {
    it('a Git-CLI folder and two credentials for Azure DevOps: create and check-out name the one the run refreshed', async () => {
      removeCredentials(world);
      seedCredential(world, 'azureDevOpsServicesAad');
      const path = sharedPath('cli-two-credentials');
      const created = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(created);
      assert.equal(folderAt(world, path)?.gitCliEnabled, true, 'outside /Repos the new folder has Git CLI access');
      assertNamed(created, credentialIdFor(world, 'azureDevOpsServices'));

      world.emulator.state.remotes.addCommit(adoUrl(world), 'main');
      const updated = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(updated);
      assertNamed(updated, credentialIdFor(world, 'azureDevOpsServices'));
    });

    it('a plain Git folder: the check-out uses the credential the run wrote, not a stale default of the provider', async () => {
      removeCredentials(world);
      seedCredential(world, 'azureDevOpsServices', 'stale-token-from-an-earlier-run');
      const path = uniqueRepoPath('stale-default');
      seedFolder(world, path);
      world.emulator.state.remotes.addCommit(adoUrl(world), 'main');
      const record = await sync(world, { inputs: { repoPath: path, gitCredential: 'federated' } });
      assertSucceeded(record);
      assertNamed(record, credentialIdFor(world, 'azureDevOpsServicesAad'));
    });

    it('gitCredential none on an ambiguous Git-CLI folder: no id is sent, and GIT_CLI_CANNOT_CHOOSE_CREDENTIAL says what to do', async () => {
      removeCredentials(world);
      seedCredential(world, 'azureDevOpsServicesAad');
      seedCredential(world, 'azureDevOpsServices', 'some-token');
      const path = sharedPath('cli-none');
      seedFolder(world, path, { gitCliEnabled: true });
      const record = await sync(world, { inputs: { repoPath: path, gitCredential: 'none' } });
      const error = oneError(record);
      assert.match(error, /GIT_CLI_CANNOT_CHOOSE_CREDENTIAL/);
      assert.match(error, /let the task manage the credential .*or delete the identity's other credentials/);
      const [checkout] = byRoute(record.requests, ROUTES.updateRepo);
      assert.equal((checkout.body as Record<string, unknown>)['git_credential_id'], undefined);
    });
  });

  describe("retries as Databricks' SDKs do them", () => {
    it('REQUEST_LIMIT_EXCEEDED at HTTP 400 and "Timed out after" at HTTP 500 are retried', async () => {
      const path = uniqueRepoPath('sdk-retries');
      seedFolder(world, path);
      world.emulator.faults.add(
        { path: '/api/2.0/workspace/get-status', status: 400, body: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Too many requests' } },
        { method: 'GET', path: /^\/api\/2\.0\/repos\/\d+/, status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'Timed out after 60 seconds' } },
      );
      const record = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(record);
      assert.deepEqual(statuses(record.requests, ROUTES.getStatus), [400, 200]);
      assert.deepEqual(statuses(record.requests, ROUTES.getRepo).slice(0, 2), [500, 200]);
    });

    it('a managed identity endpoint answering 404 (not ready), 410 (updating) and 500 is retried, as msal-node would', async () => {
      world.emulator.state.entra.managedIdentityEndpoint.transientAnswers.push(404, 410, 500);
      const path = uniqueRepoPath('imds');
      const systemAssigned = world.seed.managedIdentity.systemAssignedClientId;
      const record = await sync(world, {
        inputs: { repoPath: path, authType: 'managedIdentity' },
        extraEnvironment: appServiceEnvironment(world),
      });
      assertSucceeded(record);
      const answered = record.requests.filter((entry) => entry.service === 'msi').map((entry) => entry.status);
      assert.deepEqual([...answered].sort(), [200, 200, 404, 410, 500], 'both scopes got their tokens after the transient answers');
      assert.ok(folderAt(world, path));
      assert.ok(record.requests.filter((entry) => entry.service === 'databricks').every((entry) => entry.caller === systemAssigned));
    });
  });

  it('no request is sent with a token that expires within 40 s: a slow check-out is followed by a fresh token', async () => {
    const { state } = world.emulator;
    state.settings.accessTokenLifetimeSeconds = 45;
    // as strict as the task's own margin, so a token it should have renewed is refused
    state.workspace.refuseTokensExpiringWithinSeconds = 40;
    const path = uniqueRepoPath('fresh-token');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'PATCH', path: /^\/api\/2\.0\/repos\/\d+/, answerAfterMs: 8_000 });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    const databricks = record.requests.filter((entry) => entry.service === 'databricks');
    for (const entry of databricks) assert.ok((entry.tokenSecondsLeft ?? 0) > 40, `${entry.route} carried a token with ${entry.tokenSecondsLeft} s left`);
    const tokenRequests = record.requests.filter((entry) => entry.route.endsWith('/oauth2/v2.0/token'));
    assert.ok(tokenRequests.length >= 3, `the Databricks token was acquired again (${tokenRequests.length} token requests)`);
  });

  describe('answers a user can act on', () => {
    it('the Private Link redirect names the network product and a self-hosted agent, and is not followed', async () => {
      world.emulator.state.workspace.privateLink = true;
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('private-link') } });
      const error = oneError(record);
      assert.match(error, /HTTP 302: the workspace is behind .*Private Link.* and this agent's network cannot reach it/);
      assert.match(error, /self-hosted agent inside a network/);
      assert.ok(!record.requests.some((entry) => entry.path === '/login.html'), 'the redirect was not followed');
    });

    it('"Principal: … does not exist" names the permissions line to fix', async () => {
      const path = uniqueRepoPath('unknown-principal');
      seedFolder(world, path);
      const record = await sync(world, { inputs: { repoPath: path, permissions: 'user:nobody@contoso.com=CAN_READ' } });
      assert.match(oneError(record), /^permissions: the line 'user:nobody@contoso\.com=CAN_READ' names a user this workspace does not know/);
    });

    it('a clone failure "… may be incomplete" at HTTP 400 is recovered like a partial create', async () => {
      const path = uniqueRepoPath('incomplete');
      world.emulator.faults.add({
        method: 'POST',
        path: '/api/2.0/repos',
        status: 400,
        applyRequest: true,
        body: { error_code: 'BAD_REQUEST', message: 'Failed to clone repo. Repo may be incomplete: the remote end hung up unexpectedly' },
      });
      const record = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(record);
      assert.ok(folderAt(world, path));
      assert.equal(byRoute(record.requests, ROUTES.createRepo).length, 1, 'adopted, not created twice');
    });

    it('a message that already starts with its error code shows the code once', async () => {
      world.emulator.faults.add({
        method: 'POST',
        path: '/api/2.0/repos',
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'INVALID_PARAMETER_VALUE: The remote Git repo URL is not valid.' },
      });
      const error = oneError(await sync(world, { inputs: { repoPath: uniqueRepoPath('code-once') } }));
      assert.match(error, /HTTP 400 INVALID_PARAMETER_VALUE: The remote Git repo URL is not valid/);
      assert.doesNotMatch(error, /INVALID_PARAMETER_VALUE: INVALID_PARAMETER_VALUE/);
    });

    it('a check-out answered with the whole folder needs no read afterwards', async () => {
      world.emulator.state.workspace.checkoutAnswer = 'folder';
      const path = uniqueRepoPath('whole-answer');
      seedFolder(world, path);
      const pushed = world.emulator.state.remotes.addCommit(adoUrl(world), 'main');
      const record = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(record);
      assert.equal(record.outputs.headCommitId, pushed, shown(record.run.logLines));
      assert.equal(byRoute(record.requests, ROUTES.getRepo).length, 1, 'only the read before the check-out');
    });
  });
});
