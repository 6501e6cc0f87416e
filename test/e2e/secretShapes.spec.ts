// End to end: secrets in inputs of every shape (SPEC §2, §4.4): tokens in malformed URLs never shown, only the secret
// part registered, a cut server message masked before the cut, and credentials in URL inputs hidden from task-lib's
// debug echo.

import assert from 'node:assert/strict';
import { oneError, sync, uniqueRepoPath, useWorld, type E2eWorld, type SyncRecord } from './support/syncScenarios';

const TOKEN = 'ghp_7f3c1a9e5b2d4f6a8c0e1b3d5f7a9c2e4b6d';

/** The run's whole output as the pipeline shows it, raw lines included: the secret is nowhere in it unmasked. */
function assertNotShown(record: SyncRecord, secret: string): void {
  assert.equal(record.run.maskedLog.includes(secret), false, 'the secret is in the masked log');
  const head = secret.slice(0, 8);
  assert.equal(record.run.maskedLog.includes(head), false, `the head of the secret (${head}) is in the masked log`);
}

describe('e2e: secrets in inputs of every shape', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  for (const shape of [`user:${TOKEN}@github.com/contoso/demo-repo`, `https:/user:${TOKEN}@github.com/contoso/demo-repo`, `${TOKEN}@github.com/contoso/demo-repo`]) {
    it(`a token in the malformed repoUrl ${shape.replace(TOKEN, '<token>')} is never printed`, async () => {
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('shape'), repoUrl: shape, gitCredential: 'none' } });
      assert.match(oneError(record), /repoUrl: .*is not an https:\/\/ URL/);
      assertNotShown(record, TOKEN);
      assert.equal(record.requests.length, 0);
    });
  }

  it('a repoUrl with ?private_token= is refused before anything is sent, and the token is not shown', async () => {
    const token = 'glpat-Zq8Xv2Lm4Np6Rs0Tu3Wy';
    const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('query'), repoUrl: `https://dev.azure.com/demo-org/demo-project/_git/demo-repo?private_token=${token}` } });
    assert.match(oneError(record), /repoUrl: .*query string or fragment/);
    assertNotShown(record, token);
    assert.equal(record.requests.length, 0);
  });

  it('only the secret part of user info is registered: never a short user name, the whole password', async () => {
    const gitHub = world.seed.gitHubRepository.url.replace('https://', `https://e:${TOKEN}@`);
    const short = await sync(world, { inputs: { repoPath: uniqueRepoPath('short-user'), repoUrl: gitHub, gitCredential: 'none' } });
    assert.ok(short.run.secretsRegistered.has(TOKEN));
    assert.equal(short.run.secretsRegistered.has('e'), false, "the user name 'e' would mask every e in the job log");

    const atInPassword = world.seed.gitHubRepository.url.replace('https://', 'https://user:p@ss-word-2e9f@');
    const password = await sync(world, { inputs: { repoPath: uniqueRepoPath('at-password'), repoUrl: atInPassword, gitCredential: 'none' } });
    assert.ok(password.run.secretsRegistered.has('p@ss-word-2e9f'), [...password.run.secretsRegistered].join(', '));
    assert.equal(password.run.secretsRegistered.has('p'), false);
  });

  it('a server message cut to length is masked first: no token head survives the cut', async () => {
    const gitToken = 'ghp_Cut0Here1Cut2Here3Cut4Here5Cut6Here7';
    // The token straddles the 400-character cut of server text.
    const message = `${'x'.repeat(390)} ${gitToken} and more`;
    world.emulator.faults.add({ path: '/api/2.0/workspace/get-status', status: 400, body: { error_code: 'BAD_REQUEST', message } });
    const record = await sync(world, {
      inputs: { repoPath: uniqueRepoPath('cut'), repoUrl: world.seed.gitHubRepository.url, gitCredential: 'personalAccessToken', gitToken },
    });
    // the message was cut (else the token never straddled the cut and this test would prove nothing)
    assert.match(oneError(record), /…/);
    assertNotShown(record, gitToken);
  });

  it('with System.Debug, credentials in databricksHost, authorityHost, the proxy URL and Build.Repository.Uri never reach the log', async () => {
    const { seed, emulator } = world;
    const at = (url: string, credentials: string): string => url.replace('https://', `https://${credentials}@`);
    const record = await sync(world, {
      systemDebug: true,
      inputs: {
        repoPath: uniqueRepoPath('debug-echo'),
        authType: 'clientSecret',
        tenantId: seed.tenant.id,
        clientId: seed.application.clientId,
        clientSecret: seed.application.secret,
        databricksHost: at(emulator.urls.databricksHost, 'dbuser:db-host-secret-5a1f'),
        authorityHost: at(emulator.urls.authorityHost, 'entra:authority-secret-7c3d'),
        repoUrl: '',
      },
      proxy: { url: 'http://proxyuser:proxy-url-secret-9e2b@127.0.0.1:9', bypass: ['127\\.0\\.0\\.1'] },
      // repoUrl given empty (`repoUrl: ''` overrides its $(Build.Repository.Uri) default), so the task reads the
      // variable itself, and task-lib's getVariable echoes what it reads.
      variables: { 'Build.Repository.Uri': at(seed.repository.url, 'build:build-uri-secret-3d8a') },
    });
    for (const secret of ['db-host-secret-5a1f', 'authority-secret-7c3d', 'proxy-url-secret-9e2b', 'build-uri-secret-3d8a']) {
      assert.equal(record.run.maskedLog.includes(secret), false, `${secret} is in the log`);
    }
    assert.equal(record.run.agentResult, 'Succeeded');
  });
});
