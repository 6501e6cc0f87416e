// End to end: each invalid input of SPEC §2 fails the packaged task at once with one message that names the input
// and says what is accepted, and not a single request reaches the emulator.
import * as assert from 'node:assert/strict';
import type { RunTaskOptions } from './agent/agentRunner';
import { pipelineVariables, runSync, wifConnection, type E2eWorld } from './support/fixture';
import { applicationInputs, assertFailedWith, useSignInWorld } from './support/signIn';

interface InvalidCase {
  title: string;
  options: (world: E2eWorld) => Partial<RunTaskOptions>;
  /** the input the message must name (as `<input>:`), the only problem reported */
  input: string;
  /** what else the message must say (what is accepted) */
  says?: RegExp;
}

const inputs = (values: Record<string, string>) => (): Partial<RunTaskOptions> => ({ inputs: values });

/** authType clientSecret with one of its required inputs left empty. */
const clientSecretWithout = (name: string) => (world: E2eWorld): Partial<RunTaskOptions> => ({
  inputs: { ...applicationInputs(world, 'clientSecret'), [name]: '' },
  systemDebug: true,
});

const CASES: InvalidCase[] = [
  { title: 'databricksHost http://', options: inputs({ databricksHost: 'http://adb-1.2.azuredatabricks.net' }), input: 'databricksHost', says: /https:\/\// },
  { title: 'databricksHost not a URL', options: inputs({ databricksHost: 'adb workspace' }), input: 'databricksHost', says: /https:\/\// },
  { title: 'repoUrl http://', options: inputs({ repoUrl: 'http://dev.azure.com/demo-org/demo-project/_git/demo-repo' }), input: 'repoUrl', says: /https:\/\// },
  { title: 'repoUrl garbage', options: inputs({ repoUrl: '::not a url::' }), input: 'repoUrl', says: /https:\/\// },
  { title: 'branch and tag together', options: inputs({ branch: 'main', tag: 'v1.0.0' }), input: 'branch', says: /tag.*only one/i },
  { title: 'repoPath relative', options: inputs({ repoPath: 'Repos/ci/demo-repo' }), input: 'repoPath', says: /absolute/ },
  { title: 'repoPath with ..', options: inputs({ repoPath: '/Repos/ci/../demo-repo' }), input: 'repoPath', says: /'\.\.'/ },
  { title: 'repoPath /Repos/only-one', options: inputs({ repoPath: '/Repos/only-one' }), input: 'repoPath', says: /\/Repos\/<folder>\/<name>/ },
  { title: 'repoPath /Repos/a/b/c', options: inputs({ repoPath: '/Repos/a/b/c' }), input: 'repoPath', says: /\/Repos\/<folder>\/<name>/ },
  { title: 'repoPath with an empty segment', options: inputs({ repoPath: '/Repos//demo-repo' }), input: 'repoPath', says: /empty segment/ },
  { title: 'permissions: a line that does not parse', options: inputs({ permissions: 'user:alice@contoso.com=CAN_READ\nalice CAN_EDIT' }), input: 'permissions', says: /alice CAN_EDIT.*user:<name>=<LEVEL>/ },
  { title: 'permissions: unknown level', options: inputs({ permissions: 'group:data-engineers=CAN_FLY' }), input: 'permissions', says: /CAN_FLY.*CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE/ },
  { title: 'retryTimeoutSeconds 0', options: inputs({ retryTimeoutSeconds: '0' }), input: 'retryTimeoutSeconds', says: /positive/ },
  { title: 'retryTimeoutSeconds -1', options: inputs({ retryTimeoutSeconds: '-1' }), input: 'retryTimeoutSeconds', says: /positive integer/ },
  { title: 'retryTimeoutSeconds abc', options: inputs({ retryTimeoutSeconds: 'abc' }), input: 'retryTimeoutSeconds', says: /positive integer/ },
  { title: 'requestTimeoutSeconds 1.5', options: inputs({ requestTimeoutSeconds: '1.5' }), input: 'requestTimeoutSeconds', says: /positive integer/ },
  { title: 'clientSecret auth without tenantId', options: clientSecretWithout('tenantId'), input: 'tenantId', says: /required/ },
  { title: 'clientSecret auth without clientId', options: clientSecretWithout('clientId'), input: 'clientId', says: /required/ },
  { title: 'clientSecret auth without clientSecret', options: clientSecretWithout('clientSecret'), input: 'clientSecret', says: /secret variable/ },
  {
    title: 'clientCertificate with certificatePath empty (the agent passes the sources folder)',
    options: (world) => ({ inputs: { ...applicationInputs(world, 'clientCertificate'), certificatePath: '' }, systemDebug: true }),
    input: 'certificatePath',
    says: /is a directory.*PEM file/,
  },
  {
    title: 'clientCertificate with a missing file',
    options: (world) => ({ inputs: { ...applicationInputs(world, 'clientCertificate'), certificatePath: '/no/such/folder/client.pem' } }),
    input: 'certificatePath',
    says: /\/no\/such\/folder\/client\.pem.*does not exist/,
  },
  { title: 'gitCredential entraToken with a GitHub repoUrl', options: inputs({ repoUrl: 'https://github.com/contoso/demo-repo' }), input: 'gitCredential', says: /Azure DevOps/ },
  { title: 'personalAccessToken without gitToken', options: inputs({ gitCredential: 'personalAccessToken' }), input: 'gitToken', says: /required/ },
  { title: 'gitProvider auto with an unknown host', options: inputs({ repoUrl: 'https://git.contoso.com/team/repo.git' }), input: 'gitProvider', says: /git\.contoso\.com/ },
  {
    title: 'pipeline ref refs/pull/1/merge with neither branch nor tag',
    options: (world) => ({ variables: pipelineVariables(world, { 'Build.SourceBranch': 'refs/pull/1/merge' }) }),
    input: 'branch',
    says: /refs\/pull\/1\/merge.*Set the branch or tag/,
  },
  { title: 'gitEmail without gitUsername', options: inputs({ gitEmail: 'ci@contoso.com' }), input: 'gitEmail', says: /needs gitUsername/ },
  { title: 'permissions for the admins group', options: inputs({ permissions: 'group:admins=CAN_MANAGE' }), input: 'permissions', says: /admins group/ },
  {
    title: 'tenantId common',
    options: (world) => ({ inputs: { ...applicationInputs(world, 'clientSecret'), tenantId: 'common' } }),
    input: 'tenantId',
    says: /service principal can sign in to/,
  },
  {
    title: 'entraToken with gitProvider azureDevOpsServices and a repoUrl on another host',
    options: inputs({ repoUrl: 'https://git.attacker.example/org/repo', gitProvider: 'azureDevOpsServices' }),
    input: 'gitCredential',
    says: /never handed to another host/,
  },
  { title: 'repoPath with DEL', options: inputs({ repoPath: '/Shared/demo\u007frepo' }), input: 'repoPath', says: /control character/ },
  { title: 'repoPath with NEL', options: inputs({ repoPath: '/Shared/demo\u0085repo' }), input: 'repoPath', says: /control character/ },
  { title: 'repoPath with U+2028', options: inputs({ repoPath: '/Shared/demo\u2028repo' }), input: 'repoPath', says: /line separator/ },
  { title: 'repoPath with a segment of spaces', options: inputs({ repoPath: '/Shared/   /demo-repo' }), input: 'repoPath', says: /only spaces/ },
  { title: 'repoPath of 20,000 characters (not echoed whole)', options: inputs({ repoPath: `/Shared/${'x'.repeat(20_000)}` }), input: 'repoPath', says: /^.{0,700}$/ },
  { title: 'repoUrl with a query string', options: inputs({ repoUrl: 'https://dev.azure.com/demo-org/demo-project/_git/demo-repo?private_token=glpat-0123456789abcdef' }), input: 'repoUrl', says: /query string or fragment/ },
  { title: 'unknown authType', options: inputs({ authType: 'kerberos' }), input: 'authType', says: /serviceConnection, clientSecret, clientCertificate, managedIdentity/ },
  { title: 'boolean input "yes"', options: inputs({ createIfMissing: 'yes' }), input: 'createIfMissing', says: /true or false/ },
  {
    title: 'service connection with an unsupported scheme',
    options: (world) => ({ endpoints: [wifConnection(world, { scheme: 'UsernamePassword' })], systemDebug: true }),
    input: 'azureSubscription',
    says: /UsernamePassword.*ServicePrincipal, WorkloadIdentityFederation, ManagedServiceIdentity/,
  },
  { title: 'service connection that does not exist', options: inputs({ azureSubscription: '0badc0de-0000-4000-8000-00000000e404' }), input: 'azureSubscription', says: /not found/ },
];

describe('e2e: invalid inputs fail before any request', function () {
  let world: E2eWorld;

  useSignInWorld((started) => (world = started));

  for (const invalid of CASES) {
    it(invalid.title, async () => {
      const options = invalid.options(world);
      const run = await runSync(world, { ...options, timeoutMs: 15_000 });
      const message = assertFailedWith(world, run, `${invalid.input}:`);
      // one problem, about this input only
      assert.ok(message.startsWith(`Invalid task input. ${invalid.input}: `), message);
      if (invalid.says) assert.match(message, invalid.says);
      assert.notEqual(run.exitCode, null, 'the process exited by itself');
      assert.equal(world.emulator.requests.entries.length, 0, 'zero requests');
    });
  }

  it('several problems at once: all named in one failure', async () => {
    const run = await runSync(world, {
      timeoutMs: 15_000,
      systemDebug: true,
      inputs: {
        authType: 'clientSecret',
        databricksHost: 'http://adb-1.2.azuredatabricks.net',
        repoPath: '/Repos/only-one',
        branch: 'main',
        tag: 'v1.0.0',
        retryTimeoutSeconds: '0',
        permissions: 'everyone=CAN_MANAGE',
      },
    });
    const names = ['tenantId', 'clientId', 'clientSecret', 'databricksHost', 'repoPath', 'branch', 'retryTimeoutSeconds', 'permissions'];
    const message = assertFailedWith(world, run, ...names.map((name) => `${name}:`));
    assert.match(message, new RegExp(`^${names.length} task inputs are invalid`));
    assert.equal(world.emulator.requests.entries.length, 0, 'zero requests');
  });
});
