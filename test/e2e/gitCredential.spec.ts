// End-to-end: the Git credential modes of SPEC §4.2 on the packaged task (entraToken, federated, personalAccessToken,
// none) and the race-safe upsert: a create that loses to another run turns into a list and a PATCH.

import assert from 'node:assert/strict';
import { AZURE_DEVOPS_RESOURCE, DATABRICKS_RESOURCE, REDACTED } from '../emulator';
import {
  ROUTES,
  assertSucceeded,
  byRoute,
  credentialsOf,
  folderAt,
  liveTokenClaim,
  logLinesMatching,
  onlyBody,
  removeCredentials,
  seedCredential,
  seedFolder,
  statuses,
  shown,
  sync,
  uniqueRepoPath,
  type E2eWorld,
  type SyncRecord,
  useWorld,
} from './support/syncScenarios';

/** The `scope` of every token request of a run. */
function tokenScopes(record: SyncRecord): string[] {
  return byRoute(record.requests, ROUTES.token)
    .map((entry) => (typeof entry.body === 'object' && entry.body !== null && !Array.isArray(entry.body) ? entry.body.scope : undefined))
    .map((scope) => String(scope))
    .sort();
}

describe('e2e: Git credential', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  it('entraToken stores a live Azure DevOps token as the PAT and says once that it lasts about an hour', async () => {
    removeCredentials(world);
    const path = uniqueRepoPath('entra');
    const record = await sync(world, { inputs: { repoPath: path, gitCredential: 'entraToken' } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.createCredential), { git_provider: 'azureDevOpsServices', personal_access_token: REDACTED });
    const [credential] = credentialsOf(world);
    assert.equal(credentialsOf(world).length, 1);
    assert.equal(credential.gitProvider, 'azureDevOpsServices');
    const stored = credential.personalAccessToken ?? '';
    assert.equal(liveTokenClaim(world, stored, 'aud'), AZURE_DEVOPS_RESOURCE, 'the PAT is a live Azure DevOps token');
    assert.equal(liveTokenClaim(world, stored, 'appid'), world.seed.application.clientId);
    assert.deepEqual(tokenScopes(record), [`${AZURE_DEVOPS_RESOURCE}/.default`, `${DATABRICKS_RESOURCE}/.default`].sort());
    assert.equal(logLinesMatching(record, /about one hour/).length, 1, shown(record.run.logLines));
    assert.equal(record.outputs.credentialId, credential.id.toString());

    const refreshed = await sync(world, { inputs: { repoPath: path, gitCredential: 'entraToken' } });
    assertSucceeded(refreshed);
    assert.deepEqual(byRoute(refreshed.requests, ROUTES.createCredential), []);
    assert.ok(byRoute(refreshed.requests, ROUTES.updateCredential)[0]?.path.endsWith(`/${credential.id}`));
    assert.notEqual(credentialsOf(world)[0].personalAccessToken, stored, 'a fresh token was stored');
    assert.equal(refreshed.outputs.credentialId, credential.id.toString());
    assert.equal(refreshed.outputs.changed, 'false', 'refreshing the credential alone is no change');
  });

  it('federated stores azureDevOpsServicesAad with no token or username and logs the issuer hint', async () => {
    removeCredentials(world);
    const path = uniqueRepoPath('federated');
    const record = await sync(world, { inputs: { repoPath: path, gitCredential: 'federated', gitUsername: 'ci-bot' } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.createCredential), { git_provider: 'azureDevOpsServicesAad' });
    const [credential] = credentialsOf(world);
    assert.equal(credential.gitProvider, 'azureDevOpsServicesAad');
    assert.equal(credential.personalAccessToken, undefined);
    assert.deepEqual(tokenScopes(record), [`${DATABRICKS_RESOURCE}/.default`], 'no Azure DevOps token is needed');
    const hint = logLinesMatching(record, /\/oidc/);
    assert.equal(hint.length, 1, shown(record.run.logLines));
    assert.ok(hint[0].includes(`${world.emulator.urls.databricksHost}/oidc`), hint[0]);
    assert.ok(hint[0].includes(world.seed.application.clientId) && hint[0].includes('api://AzureADTokenExchange'), hint[0]);
    assert.ok(folderAt(world, path), 'Databricks cloned with the federated credential');
    assert.equal(record.outputs.credentialId, credential.id.toString());
  });

  it('personalAccessToken stores gitToken for the GitHub remote, given as $(secret variable)', async () => {
    removeCredentials(world);
    const path = uniqueRepoPath('github');
    const { url, token } = world.seed.gitHubRepository;
    const record = await sync(world, {
      inputs: { repoPath: path, repoUrl: url, gitCredential: 'personalAccessToken', gitToken: '$(githubPat)', gitUsername: 'ci-bot' },
      secretVariables: { githubPat: token },
    });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.createCredential), { git_provider: 'gitHub', git_username: 'ci-bot', personal_access_token: REDACTED });
    const [credential] = credentialsOf(world);
    assert.equal(credential.gitProvider, 'gitHub');
    assert.equal(credential.personalAccessToken, token);
    assert.deepEqual(onlyBody(record.requests, ROUTES.createRepo), { url, provider: 'gitHub', path, git_credential_id: record.outputs.credentialId });
    assert.equal(folderAt(world, path)?.provider, 'gitHub');
    assert.deepEqual(tokenScopes(record), [`${DATABRICKS_RESOURCE}/.default`]);
    assert.ok(!record.run.maskedLog.includes(token));
  });

  it('none neither reads nor writes a credential; credentialId is empty', async () => {
    removeCredentials(world);
    const stored = world.emulator.mintAccessToken({ clientId: world.seed.application.clientId, resource: AZURE_DEVOPS_RESOURCE });
    seedCredential(world, 'azureDevOpsServices', stored);
    const path = uniqueRepoPath('none');
    seedFolder(world, path);
    const record = await sync(world, { inputs: { repoPath: path, gitCredential: 'none' } });
    assertSucceeded(record);
    assert.deepEqual(record.requests.filter((entry) => entry.path.includes('git-credentials')), []);
    assert.equal(record.outputs.credentialId, '');
    assert.equal(credentialsOf(world)[0].personalAccessToken, stored, 'untouched');
    assert.equal(byRoute(record.requests, ROUTES.updateRepo).length, 1);
  });

  it('a create that loses the race (409 Only one credential per provider) lists again and PATCHes', async () => {
    removeCredentials(world);
    const other = seedCredential(world, 'azureDevOpsServices', 'stale-token-of-another-run');
    // The first list is answered as it was a moment before the other run created its credential.
    world.emulator.faults.add({ method: 'GET', path: '/api/2.0/git-credentials', status: 200, body: { credentials: [] } });
    const path = uniqueRepoPath('race');
    seedFolder(world, path);
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.createCredential), [409]);
    assert.equal(byRoute(record.requests, ROUTES.listCredentials).length, 2);
    assert.ok(byRoute(record.requests, ROUTES.updateCredential)[0]?.path.endsWith(`/${other.id}`));
    assert.equal(credentialsOf(world).length, 1);
    assert.equal(liveTokenClaim(world, credentialsOf(world)[0].personalAccessToken ?? '', 'aud'), AZURE_DEVOPS_RESOURCE);
    assert.equal(record.outputs.credentialId, other.id.toString());
    assert.equal(logLinesMatching(record, /created at the same time by another run/).length, 1);
  });

  it('an older server answering 400 "Only one Git credential" is the same race', async () => {
    removeCredentials(world);
    const other = seedCredential(world, 'azureDevOpsServices', 'stale-token-of-another-run');
    world.emulator.faults.add(
      { method: 'GET', path: '/api/2.0/git-credentials', status: 200, body: { credentials: [] } },
      {
        method: 'POST',
        path: '/api/2.0/git-credentials',
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Only one Git credential is supported per provider at this time.' },
      },
    );
    const path = uniqueRepoPath('race400');
    seedFolder(world, path);
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.createCredential), [400]);
    assert.ok(byRoute(record.requests, ROUTES.updateCredential)[0]?.path.endsWith(`/${other.id}`));
    assert.equal(record.outputs.credentialId, other.id.toString());
  });
});
