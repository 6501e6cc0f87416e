// End to end: sign-in failures of SPEC §4.1 (Entra AADSTS errors, the pipeline's ID token, the workspace's 401) each
// end the packaged task Failed with one error line that names the cause and the fix, and leak nothing.
import * as assert from 'node:assert/strict';
import type { TaskRun } from './agent/agentRunner';
import type { FederatedCredential } from '../emulator';
import { runSync, wifConnection, type E2eWorld } from './support/fixture';
import {
  applicationInputs,
  assertFailedWith,
  AZURE_DEVOPS_SCOPE,
  DATABRICKS_SCOPE,
  requestedScopes,
  resetEmulator,
  spnConnection,
  useSignInWorld,
  tokenTraffic,
} from './support/signIn';

const UNKNOWN_CLIENT_ID = '0badc0de-0000-4000-8000-000000000016';
const UNKNOWN_CONNECTION_ID = '0badc0de-0000-4000-8000-000000000404';

describe('e2e: sign-in failures', function () {
  let world: E2eWorld;

  useSignInWorld((started) => (world = started));
  afterEach(() => resetEmulator(world));

  /** Entra answered both token requests (once each: a 4xx is not retried) and Databricks was never called. */
  function assertEntraRefusedBoth(run: TaskRun): void {
    const traffic = tokenTraffic(world);
    assert.deepEqual(requestedScopes(traffic.entra), [DATABRICKS_SCOPE, AZURE_DEVOPS_SCOPE].sort());
    assert.ok(traffic.entra.every((entry) => entry.status >= 400 && entry.status < 500), 'Entra refused');
    assert.deepEqual(traffic.databricks, [], 'nothing sent to Databricks');
    assert.deepEqual(run.outputs.get('repoId'), undefined, 'no outputs');
  }

  it('wrong client secret (service connection spnKey): AADSTS7000215 and "the secret\'s value, not its ID"', async () => {
    const endpoints = [spnConnection(world, { authenticationType: 'spnKey', serviceprincipalkey: 'Wr8Q~not-the-secret-value-at-all' })];
    const run = await runSync(world, { endpoints, systemDebug: true, inputs: { repoPath: '/Repos/ci/wrong-secret' } });
    assertFailedWith(world, run, 'AADSTS7000215', "secret's value, not its secret ID");
    assertEntraRefusedBoth(run);
  });

  it('expired client secret (authType clientSecret): AADSTS7000222 and "create a new client secret"', async () => {
    const inputs = { ...applicationInputs(world, 'clientSecret'), clientSecret: world.seed.application.expiredSecret };
    const run = await runSync(world, { inputs: { ...inputs, repoPath: '/Repos/ci/expired-secret' } });
    assertFailedWith(world, run, 'AADSTS7000222', 'has expired', 'Create a new client secret');
    assertEntraRefusedBoth(run);
  });

  it('unknown client id: AADSTS700016 and "check the client id and the tenant id"', async () => {
    const inputs = { ...applicationInputs(world, 'clientSecret'), clientId: UNKNOWN_CLIENT_ID };
    const run = await runSync(world, { systemDebug: true, inputs: { ...inputs, repoPath: '/Repos/ci/unknown-client' } });
    assertFailedWith(world, run, 'AADSTS700016', 'Check the client (application) id and the tenant id');
    assertEntraRefusedBoth(run);
  });

  it('expired ID token from Azure DevOps (System.OidcRequestUri): AADSTS700024 and "rerun the job"', async () => {
    world.emulator.state.settings.oidcTokenLifetimeSeconds = -60;
    const run = await runSync(world, { inputs: { repoPath: '/Repos/ci/expired-oidc' } });
    assertFailedWith(world, run, 'AADSTS700024', 'not within its valid time range', 'Rerun the job');
    assert.equal(tokenTraffic(world).oidc.length, 2, 'an ID token was requested for each token request');
    assertEntraRefusedBoth(run);
  });

  it('expired ID token in the idToken authorization parameter: AADSTS700024', async () => {
    const { seed, emulator } = world;
    const idToken = emulator.mintIdToken(seed.azureDevOps.organization, seed.azureDevOps.serviceConnectionId, -60);
    const parameters = { serviceprincipalid: seed.application.clientId, tenantid: seed.tenant.id, idToken };
    const run = await runSync(world, { endpoints: [wifConnection(world, { parameters })], systemDebug: true, inputs: { repoPath: '/Repos/ci/expired-id' } });
    assertFailedWith(world, run, 'AADSTS700024', 'Rerun the job');
    assert.equal(tokenTraffic(world).oidc.length, 0, 'the idToken parameter is used as it is');
    assertEntraRefusedBoth(run);
  });

  for (const [code, change, says] of [
    ['700211', (credential: FederatedCredential) => void (credential.issuer = `${credential.issuer}-other`), /has the ID token's issuer/],
    ['7002138', (credential: FederatedCredential) => void (credential.subject = credential.subject.toUpperCase()), /compares issuer and subject case-sensitively.*Copy the subject/],
  ] as const) {
    it(`a federated credential that differs in ${code === '700211' ? 'its issuer' : 'the case of its subject'}: AADSTS${code} with its own fix`, async () => {
      const application = world.emulator.state.entra.applications.get(world.seed.application.clientId);
      assert.ok(application);
      const saved = application.federatedCredentials.map((credential) => ({ ...credential }));
      try {
        application.federatedCredentials.forEach(change);
        const run = await runSync(world, { inputs: { repoPath: '/Repos/ci/federation-mismatch' } });
        assert.match(assertFailedWith(world, run, `AADSTS${code}`), says);
      } finally {
        application.federatedCredentials.splice(0, application.federatedCredentials.length, ...saved);
      }
    });
  }

  it('service connection no federated credential matches: AADSTS700213 and "add a federated credential"', async () => {
    const id = world.seed.azureDevOps.unmatchedServiceConnectionId;
    const run = await runSync(world, { endpoints: [wifConnection(world, { id })], inputs: { azureSubscription: id, repoPath: '/Repos/ci/unmatched' } });
    assertFailedWith(world, run, 'AADSTS700213', 'Add a federated credential');
    assert.ok(tokenTraffic(world).oidc.every((entry) => entry.query['serviceConnectionId'] === id), 'ID tokens of that connection');
    assertEntraRefusedBoth(run);
  });

  it('no System.AccessToken for the ID token request: fails naming it, before any request', async () => {
    const run = await runSync(world, { systemAccessToken: '', inputs: { repoPath: '/Repos/ci/no-access-token' } });
    assertFailedWith(world, run, 'azureSubscription', 'System.AccessToken');
    assert.equal(world.emulator.requests.entries.length, 0);
  });

  it('Azure DevOps does not know the service connection (OIDC 404): fails naming the connection, no Entra request', async () => {
    const id = UNKNOWN_CONNECTION_ID;
    const run = await runSync(world, { endpoints: [wifConnection(world, { id })], systemDebug: true, inputs: { azureSubscription: id, repoPath: '/Repos/ci/oidc-404' } });
    assertFailedWith(world, run, "pipeline's ID token", id, 'HTTP 404', 'allowed to use the service connection');
    const traffic = tokenTraffic(world);
    assert.ok(traffic.oidc.length > 0 && traffic.oidc.every((entry) => entry.status === 404), 'the OIDC endpoint answered 404');
    assert.deepEqual([...traffic.entra, ...traffic.databricks], [], 'no token request without an ID token');
  });

  it('wrong System.AccessToken (OIDC 401): fails with the HTTP status, no Entra request', async () => {
    const run = await runSync(world, { systemAccessToken: 'not-the-job-access-token', inputs: { repoPath: '/Repos/ci/oidc-401' } });
    assertFailedWith(world, run, "pipeline's ID token", 'HTTP 401');
    assert.deepEqual(tokenTraffic(world).entra, []);
  });

  it("application in the tenant but not in the workspace: Databricks' 403 page says to add it to the workspace", async () => {
    const { seed } = world;
    const inputs = { ...applicationInputs(world, 'clientSecret'), clientId: seed.outsider.clientId, clientSecret: seed.outsider.secret };
    const run = await runSync(world, {
      systemDebug: true,
      inputs: { ...inputs, gitCredential: 'none', repoPath: '/Repos/ci/outsider' },
    });
    const message = assertFailedWith(world, run, 'HTTP 403 User not authorized', 'not added to this workspace', 'adds the service principal');
    assert.match(message, /Settings > Identity and access > Service principals/);
    const traffic = tokenTraffic(world);
    assert.deepEqual(requestedScopes(traffic.entra), [DATABRICKS_SCOPE]);
    assert.ok(traffic.databricks.length > 0 && traffic.databricks.every((entry) => entry.status === 403));
    assert.ok(traffic.databricks.every((entry) => entry.method === 'GET'), 'nothing written');
  });
});
