// End to end: every sign-in path of SPEC §4.1 syncs a Git folder through the packaged task, with the expected token
// requests (concurrent, fresh ID tokens, right authority, no discovery), and the debug log's HTTP lines of SPEC §5.
import * as assert from 'node:assert/strict';
import type { RunTaskOptions, TaskRun } from './agent/agentRunner';
import { leaks, pipelineVariables, runSync, wifConnection, type E2eWorld } from './support/fixture';
import {
  applicationInputs,
  appServiceEnvironment,
  assertConcurrent,
  assertSynced,
  AZURE_DEVOPS_SCOPE,
  DATABRICKS_SCOPE,
  formField,
  holdFirstRequest,
  httpDebugLines,
  msiConnection,
  requestedScopes,
  seedGitHubCredential,
  spnConnection,
  useSignInWorld,
  tokenTraffic,
  UNUSED_HOST,
} from './support/signIn';

interface SignInCase {
  title: string;
  options: (world: E2eWorld) => Partial<RunTaskOptions>;
  /** client id of the identity that must end up calling Databricks */
  identity: (world: E2eWorld) => string;
  /** how many requests each token service gets (both scopes) */
  oidc: number;
  entra: number;
  msi: number;
  check?: (world: E2eWorld, run: TaskRun) => void;
}

const application = (world: E2eWorld): string => world.seed.application.clientId;
const userAssigned = (world: E2eWorld): string => world.seed.managedIdentity.userAssignedClientId;
const systemAssigned = (world: E2eWorld): string => world.seed.managedIdentity.systemAssignedClientId;

function oidcTokensIssued(world: E2eWorld): string[] {
  return [...world.emulator.state.tokens.issued.values()].filter((issued) => issued.kind === 'oidc').map((issued) => issued.token);
}

/** Client assertions Entra received, in the order first seen (a Set: a reused one would not count twice). */
function receivedAssertions(world: E2eWorld): string[] {
  return [...world.emulator.state.entra.receivedAssertions];
}

/** Both Entra requests sent a client assertion (no secret), or both a secret (no assertion, the secret registered). */
function checkClientCredential(world: E2eWorld, run: TaskRun, kind: 'assertion' | 'secret'): void {
  if (kind === 'secret') assert.ok(run.secretsRegistered.has(world.seed.application.secret), 'the client secret registered with setsecret');
  for (const entry of tokenTraffic(world).entra) {
    assert.equal(formField(entry, 'client_id'), world.seed.application.clientId);
    assert.equal(formField(entry, 'client_secret') !== undefined, kind === 'secret', `client_secret sent: ${kind === 'secret'}`);
    assert.equal(formField(entry, 'client_assertion') !== undefined, kind === 'assertion', `client_assertion sent: ${kind === 'assertion'}`);
  }
}

function checkOidcRequests(world: E2eWorld, path: string, apiVersion: string): void {
  const { oidc } = tokenTraffic(world);
  for (const entry of oidc) {
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, path);
    assert.equal(entry.query['api-version'], apiVersion);
    assert.equal(entry.query['serviceConnectionId'], world.seed.azureDevOps.serviceConnectionId);
  }
}

function checkManagedIdentityRequests(world: E2eWorld, clientId: string | undefined): void {
  for (const entry of tokenTraffic(world).msi) {
    assert.equal(entry.route, 'GET /msi/token', 'the App Service endpoint of IDENTITY_ENDPOINT');
    assert.equal(entry.query['client_id'], clientId);
  }
}

const managedIdentity = (inputs: Record<string, string>, connection?: (world: E2eWorld) => RunTaskOptions['endpoints']) =>
  (world: E2eWorld): Partial<RunTaskOptions> => ({
    inputs,
    extraEnvironment: appServiceEnvironment(world),
    ...(connection ? { endpoints: connection(world) } : {}),
  });

const CASES: SignInCase[] = [
  {
    title: 'WorkloadIdentityFederation with an idToken parameter: no OIDC request at all',
    options: (world) => {
      const { seed, emulator } = world;
      const idToken = emulator.mintIdToken(seed.azureDevOps.organization, seed.azureDevOps.serviceConnectionId);
      const parameters = { serviceprincipalid: seed.application.clientId, tenantid: seed.tenant.id, idToken };
      return { endpoints: [wifConnection(world, { parameters })], systemDebug: true };
    },
    identity: application, oidc: 0, entra: 2, msi: 0,
    check: (world, run) => checkClientCredential(world, run, 'assertion'),
  },
  {
    title: 'WorkloadIdentityFederation through System.OidcRequestUri: a fresh ID token per token request',
    options: () => ({ systemDebug: true }),
    identity: application, oidc: 2, entra: 2, msi: 0,
    check: (world, run) => {
      checkOidcRequests(world, new URL(world.seed.azureDevOps.oidcRequestUri).pathname, '7.1');
      checkClientCredential(world, run, 'assertion');
    },
  },
  {
    title: 'WorkloadIdentityFederation through the collection URI when System.OidcRequestUri is absent',
    options: (world) => ({ variables: pipelineVariables(world, { 'System.OidcRequestUri': null }) }),
    identity: application, oidc: 2, entra: 2, msi: 0,
    check: (world) => {
      const { collectionUri, projectId, hostType, planId, jobId } = world.seed.azureDevOps;
      const path = `${new URL(collectionUri).pathname}${projectId}/_apis/distributedtask/hubs/${hostType}/plans/${planId}/jobs/${jobId}/oidctoken`;
      checkOidcRequests(world, path, '7.1-preview.1');
    },
  },
  {
    title: 'ServicePrincipal spnKey',
    options: (world) => ({ endpoints: [spnConnection(world, { authenticationType: 'spnKey', serviceprincipalkey: world.seed.application.secret })], systemDebug: true }),
    identity: application, oidc: 0, entra: 2, msi: 0,
    check: (world, run) => checkClientCredential(world, run, 'secret'),
  },
  {
    // The PEM is multi-line: task-lib refuses such a secret, so the task registers it line by line.
    title: 'ServicePrincipal spnCertificate (PEM with certificate and key)',
    options: (world) => {
      const parameters = { authenticationType: 'spnCertificate', servicePrincipalCertificate: world.seed.application.certificate.pem };
      return { endpoints: [spnConnection(world, parameters)], systemDebug: true };
    },
    identity: application, oidc: 0, entra: 2, msi: 0,
    check: (world, run) => checkClientCredential(world, run, 'assertion'),
  },
  {
    title: 'ManagedServiceIdentity connection without msiclientId: system-assigned identity',
    options: managedIdentity({}, (world) => [msiConnection(world)]),
    identity: systemAssigned, oidc: 0, entra: 0, msi: 2,
    check: (world) => checkManagedIdentityRequests(world, undefined),
  },
  {
    title: 'ManagedServiceIdentity connection with msiclientId: that user-assigned identity',
    options: managedIdentity({}, (world) => [msiConnection(world, userAssigned(world))]),
    identity: userAssigned, oidc: 0, entra: 0, msi: 2,
    check: (world) => checkManagedIdentityRequests(world, userAssigned(world)),
  },
  {
    title: 'authType managedIdentity, system-assigned',
    options: managedIdentity({ authType: 'managedIdentity' }),
    identity: systemAssigned, oidc: 0, entra: 0, msi: 2,
    check: (world) => checkManagedIdentityRequests(world, undefined),
  },
  {
    title: 'authType managedIdentity, user-assigned by clientId',
    options: (world) => ({ ...managedIdentity({ authType: 'managedIdentity', clientId: userAssigned(world) })(world), systemDebug: true }),
    identity: userAssigned, oidc: 0, entra: 0, msi: 2,
    check: (world) => checkManagedIdentityRequests(world, userAssigned(world)),
  },
  {
    title: 'authType clientSecret with authorityHost = the emulator',
    options: (world) => ({ inputs: applicationInputs(world, 'clientSecret'), systemDebug: true }),
    identity: application, oidc: 0, entra: 2, msi: 0,
    check: (world, run) => checkClientCredential(world, run, 'secret'),
  },
  {
    title: 'authType clientCertificate with authorityHost = the emulator',
    options: (world) => ({ inputs: applicationInputs(world, 'clientCertificate'), systemDebug: true }),
    identity: application, oidc: 0, entra: 2, msi: 0,
    check: (world, run) => checkClientCredential(world, run, 'assertion'),
  },
];

describe('e2e: sign-in paths', function () {
  let world: E2eWorld;

  useSignInWorld((started) => (world = started));

  CASES.forEach((signIn, index) => {
    it(`${signIn.title}: syncs the Git folder with both scopes requested at once`, async () => {
      const repoPath = `/Repos/ci/sign-in-${index}`;
      const tokensBefore = world.emulator.state.tokens.issued.size;
      const options = signIn.options(world);
      const oidcBefore = oidcTokensIssued(world).length;
      const assertionsBefore = receivedAssertions(world).length;
      holdFirstRequest(world, signIn.msi > 0 ? /^\/msi\/token/ : /\/oauth2\/v2\.0\/token/);
      const run = await runSync(world, { ...options, inputs: { repoPath, ...options.inputs } });

      assertSynced(world, run, repoPath, signIn.identity(world));
      assert.equal(run.outputs.get('changed')?.value, 'true');
      assert.notEqual(run.outputs.get('credentialId')?.value, '', 'the Entra-token Git credential was written');
      const traffic = tokenTraffic(world);
      assert.equal(traffic.oidc.length, signIn.oidc, 'ID token requests');
      assert.equal(traffic.entra.length, signIn.entra, 'Entra token requests');
      assert.equal(traffic.msi.length, signIn.msi, 'managed identity token requests');
      const tokenRequests = [...traffic.entra, ...traffic.msi];
      assert.deepEqual(requestedScopes(tokenRequests), [DATABRICKS_SCOPE, AZURE_DEVOPS_SCOPE].sort());
      assertConcurrent(tokenRequests);
      // one fresh ID token per token request: the ID tokens minted in the run are exactly the assertions Entra got
      const minted = oidcTokensIssued(world).slice(oidcBefore);
      assert.equal(minted.length, signIn.oidc);
      if (signIn.oidc > 0) assert.deepEqual(receivedAssertions(world).slice(assertionsBefore).sort(), minted.sort());
      // every token and ID token of the run (the idToken parameter included) was registered as a secret
      const tokens = [...world.emulator.state.tokens.issued.keys()].slice(tokensBefore);
      assert.ok(tokens.length >= 2);
      assert.deepEqual(tokens.filter((token) => !run.secretsRegistered.has(token)), [], 'tokens not registered with setsecret');
      signIn.check?.(world, run);
    });
  });

  it('updates an existing Git folder on a second run (ServicePrincipal spnKey)', async () => {
    const repoPath = '/Repos/ci/sign-in-update';
    const endpoints = [spnConnection(world, { serviceprincipalkey: world.seed.application.secret })];
    const first = await runSync(world, { endpoints, inputs: { repoPath } });
    assertSynced(world, first, repoPath, world.seed.application.clientId);
    world.emulator.requests.clear();
    const second = await runSync(world, { endpoints, inputs: { repoPath, branch: 'dev' } });
    assertSynced(world, second, repoPath, world.seed.application.clientId);
    assert.equal(world.emulator.requests.count('PATCH /api/2.0/repos/{id}'), 1);
    assert.equal(world.emulator.requests.count('POST /api/2.0/repos'), 0);
    assert.equal(second.outputs.get('repoId')?.value, first.outputs.get('repoId')?.value);
    assert.equal(second.outputs.get('previousCommitId')?.value, first.outputs.get('headCommitId')?.value);
    assert.equal(second.outputs.get('headCommitId')?.value, world.seed.repository.branches['dev']);
    assert.equal(second.outputs.get('branch')?.value, 'dev');
  });

  for (const gitCredential of ['none', 'personalAccessToken']) {
    it(`gitCredential ${gitCredential}: only the Databricks scope is requested`, async () => {
      const repoPath = `/Repos/ci/scope-${gitCredential}`;
      const { seed } = world;
      const inputs: Record<string, string> = { repoPath, gitCredential, repoUrl: seed.gitHubRepository.url, ...applicationInputs(world, 'clientSecret') };
      if (gitCredential === 'personalAccessToken') inputs.gitToken = seed.gitHubRepository.token;
      // with none, Databricks clones with a GitHub credential the identity already has
      else seedGitHubCredential(world, seed.application.clientId);
      const run = await runSync(world, { inputs });
      assertSynced(world, run, repoPath, seed.application.clientId);
      assert.equal(tokenTraffic(world).databricks.some((entry) => entry.path.startsWith('/api/2.0/git-credentials')), gitCredential !== 'none');
      assert.deepEqual(requestedScopes(tokenTraffic(world).entra), [DATABRICKS_SCOPE]);
      assert.equal(run.outputs.get('credentialId')?.value === '', gitCredential === 'none', 'credentialId empty only with none');
    });
  }

  it('service connection authority: activeDirectoryAuthority wins over environmentAuthorityUrl and authorityHost', async () => {
    const repoPath = '/Repos/ci/authority-ad';
    const data = { activeDirectoryAuthority: `${world.emulator.urls.authorityHost}/`, environmentAuthorityUrl: UNUSED_HOST };
    const run = await runSync(world, {
      endpoints: [wifConnection(world, { data })],
      inputs: { repoPath, authorityHost: UNUSED_HOST, retryTimeoutSeconds: '3' },
    });
    assertSynced(world, run, repoPath, world.seed.application.clientId);
    assert.equal(tokenTraffic(world).entra.length, 2, 'the token requests went to activeDirectoryAuthority');
  });

  it('service connection authority: environmentAuthorityUrl when activeDirectoryAuthority is absent; authorityHost ignored', async () => {
    const repoPath = '/Repos/ci/authority-env';
    const data = { environmentAuthorityUrl: world.emulator.urls.authorityHost, environment: 'AzureCloud' };
    const run = await runSync(world, {
      endpoints: [{ ...spnConnection(world, { serviceprincipalkey: world.seed.application.secret }), data }],
      inputs: { repoPath, authorityHost: UNUSED_HOST, retryTimeoutSeconds: '3' },
    });
    assertSynced(world, run, repoPath, world.seed.application.clientId);
    const tenant = world.seed.tenant.id;
    assert.deepEqual(tokenTraffic(world).entra.map((entry) => entry.path), [`/${tenant}/oauth2/v2.0/token`, `/${tenant}/oauth2/v2.0/token`]);
  });

  it('System.Debug: one HTTP debug line per request (retries included), and none with a header, body or secret', async () => {
    const repoPath = '/Repos/ci/debug-lines';
    world.emulator.faults.add({ method: 'GET', path: '/api/2.0/workspace/get-status', status: 503, headers: { 'Retry-After': '0' } });
    const run = await runSync(world, { systemDebug: true, inputs: { repoPath, exportTokens: 'true' } });
    assertSynced(world, run, repoPath, world.seed.application.clientId);

    const lines = httpDebugLines(run);
    const requests = world.emulator.requests.entries;
    const seen = (method: string, path: string, status: string): string => `${method} ${path} ${status}`;
    assert.deepEqual(
      lines.map((line) => seen(line.method, line.path, line.status)).sort(),
      requests.map((entry) => seen(entry.method, entry.path, String(entry.status))).sort(),
      'exactly one debug line per request the emulator received',
    );
    const getStatus = lines.filter((line) => line.path === '/api/2.0/workspace/get-status');
    assert.deepEqual(getStatus.map((line) => [line.status, line.attempt]), [['503', 1], ['404', 2]]);
    assert.ok(lines.every((line) => Number.isInteger(line.ms) && line.ms >= 0));

    const secrets = [...world.emulator.issuedSecrets(), run.systemAccessToken];
    for (const line of run.debugLines) {
      assert.doesNotMatch(line, /authorization|bearer/i, `no header in a debug line: ${line}`);
      assert.doesNotMatch(line, /client_secret|client_assertion|access_token|personal_access_token|oidcToken/, `no token body: ${line}`);
      const shown = secrets.filter((secret) => line.includes(secret));
      assert.deepEqual(shown, [], `no secret, even unmasked, in a debug line: ${line}`);
    }
    assert.deepEqual(leaks(world, run), []);
  });
});
