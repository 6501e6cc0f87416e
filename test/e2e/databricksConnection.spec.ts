// End to end: Databricks on any cloud with the *Databricks workspace* service connection (SPEC §4.1, §7): each scheme
// syncs against the packaged task; a wrong secret, a refused federation, another workspace and entraToken fail with
// messages that fix them; the exported token is a secret.

import * as assert from 'node:assert/strict';
import type { TaskRun } from './agent/agentRunner';
import { databricksSignIn, workspaceConnection, type WorkspaceScheme } from './support/databricksConnection';
import { leaks, runSync, type E2eWorld } from './support/fixture';
import { assertFailedWith, assertSynced, useSignInWorld } from './support/signIn';

/** The token requests the run sent to the workspace, and its Azure DevOps ID token requests. */
function signInTraffic(world: E2eWorld): { workspaceTokens: number; idTokens: string[]; entra: number } {
  const entries = world.emulator.requests.entries;
  return {
    workspaceTokens: entries.filter((entry) => entry.path === '/oidc/v1/token').length,
    idTokens: entries.filter((entry) => entry.service === 'ado').map((entry) => entry.query['serviceConnectionId'] ?? ''),
    entra: entries.filter((entry) => entry.service === 'entra' || entry.service === 'msi').length,
  };
}

describe('e2e: Databricks workspace connection (any cloud)', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useSignInWorld((started) => (world = started));

  const expected: Record<WorkspaceScheme, { workspaceTokens: number; idTokens: number }> = {
    None: { workspaceTokens: 1, idTokens: 1 },
    UsernamePassword: { workspaceTokens: 1, idTokens: 0 },
    Token: { workspaceTokens: 0, idTokens: 0 },
  };
  for (const scheme of ['None', 'UsernamePassword', 'Token'] as const) {
    it(`scheme ${scheme}: signs in at the workspace and syncs, with no Entra request at all`, async () => {
      const repoPath = `/Repos/ci/any-cloud-${scheme.toLowerCase()}`;
      const run = await runSync(world, databricksSignIn(world, workspaceConnection(world, scheme), { repoPath }));
      assertSynced(world, run, repoPath, world.seed.databricksPrincipal.clientId);
      const traffic = signInTraffic(world);
      assert.equal(traffic.entra, 0, 'no Entra ID, no managed identity');
      assert.equal(traffic.workspaceTokens, expected[scheme].workspaceTokens, 'workspace token requests');
      assert.equal(traffic.idTokens.length, expected[scheme].idTokens, 'Azure DevOps ID token requests');
      if (scheme === 'None') assert.deepEqual(traffic.idTokens, [world.seed.databricksPrincipal.serviceConnectionId], "the Databricks connection's own ID token");
    });
  }

  it('a wrong OAuth secret: Databricks refused it, and the fix names the user name and password of the connection', async () => {
    const connection = workspaceConnection(world, 'UsernamePassword', {
      parameters: { username: world.seed.databricksPrincipal.clientId, password: 'dose-not-the-secret-0123456789' },
    });
    const run = await runSync(world, databricksSignIn(world, connection, { repoPath: '/Repos/ci/wrong-secret' }));
    const message = assertFailedWith(world, run, 'Databricks refused the OAuth client id or secret', 'invalid_client');
    assert.match(message, /user name must be the service principal's application \(client\) id and its password an OAuth secret/);
    assert.equal(run.maskedLog.includes('dose-not-the-secret-0123456789'), false);
  });

  it('a personal access token Databricks does not know (revoked, expired): the 401 fix names the token', async () => {
    const connection = workspaceConnection(world, 'Token', { parameters: { apitoken: 'dapi0000revoked0000000000000000000' } });
    const run = await runSync(world, databricksSignIn(world, connection, { repoPath: '/Repos/ci/revoked-pat' }));
    const message = assertFailedWith(world, run, 'HTTP 401');
    assert.match(message, /personal access token has not expired or been revoked/);
    assert.equal(run.maskedLog.includes('dapi0000revoked0000000000000000000'), false);
  });

  it("federation refused: the message names the policy from the ID token's own issuer, subject and audience", async () => {
    // the Entra WIF connection's ID token: a subject no policy of the Databricks service principal names
    const other = world.seed.azureDevOps.serviceConnectionId;
    const connection = workspaceConnection(world, 'None', { id: other });
    const run = await runSync(world, databricksSignIn(world, connection, { repoPath: '/Repos/ci/policy-refused' }));
    const message = assertFailedWith(world, run, "Databricks refused the pipeline's ID token");
    const { organization, organizationId, projectName } = world.seed.azureDevOps;
    assert.ok(message.includes(`issuer https://vstoken.dev.azure.com/${organizationId}`), message);
    assert.ok(message.includes(`subject sc://${organization}/${projectName}/${world.seed.azureDevOps.serviceConnectionName}`), message);
    assert.ok(message.includes('audience api://AzureADTokenExchange'), message);
    assert.match(message, /databricks account service-principal-federation-policy create/);
  });

  it('databricksHost naming another workspace is refused before any request: the secret never leaves for it', async () => {
    const options = databricksSignIn(world, workspaceConnection(world, 'UsernamePassword'), {
      databricksHost: 'https://dbc-other.cloud.databricks.com',
      repoPath: '/Repos/ci/other-host',
    });
    const run = await runSync(world, options);
    const message = assertFailedWith(world, run, 'databricksHost:', 'dbc-other.cloud.databricks.com', world.emulator.url);
    assert.match(message, /is not the workspace of the Databricks workspace connection/);
    assert.equal(world.emulator.requests.entries.length, 0, 'zero requests');
  });

  it('gitCredential entraToken is refused before any request, naming the modes that fit', async () => {
    const options = databricksSignIn(world, workspaceConnection(world, 'Token'), {
      gitCredential: 'entraToken',
      repoUrl: world.seed.repository.url,
      repoPath: '/Repos/ci/entra-token',
    });
    const run = await runSync(world, options);
    assertFailedWith(world, run, 'gitCredential:', 'personalAccessToken', 'federated', 'none');
    assert.equal(world.emulator.requests.entries.length, 0, 'zero requests');
  });

  it('exportTokens publishes the Databricks token as a masked secret output', async () => {
    const options = databricksSignIn(world, workspaceConnection(world, 'UsernamePassword'), { exportTokens: 'true', repoPath: '/Repos/ci/export' });
    const run: TaskRun = await runSync(world, options);
    assert.equal(run.agentResult, 'Succeeded');
    const exported = run.outputs.get('databricksToken');
    assert.ok(exported && exported.isSecret, 'a secret output');
    assert.equal(run.outputs.has('azureDevOpsToken'), false);
    assert.ok(world.emulator.state.tokens.check(exported.value).valid, 'the token the run used');
    assert.equal(run.maskedLog.includes(exported.value), false);
    assert.deepEqual(leaks(world, run), []);
  });
});
