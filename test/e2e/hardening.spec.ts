// End to end: the packaged task under hostile conditions (SPEC §4.4): proxies that forge, refuse or never answer,
// servers that trickle or ask for retry storms, answers without the fields the run needs, and outside text that tries
// to forge log lines or commands.

import assert from 'node:assert/strict';
import { findCommandPrefix } from './agent/vsoCommands';
import { startConnectProxy, type ConnectProxy } from './support/connectProxy';
import {
  ROUTES,
  byRoute,
  oneError,
  seedFolder,
  shown,
  sync,
  uniqueRepoPath,
  useWorld,
  type E2eWorld,
  type SyncRecord,
} from './support/syncScenarios';

/** Fields a forging proxy puts in its one answer, so that every request of the run "succeeds". */
const FORGED_ANSWER = JSON.stringify({
  access_token: 'forged-access-token-0123456789',
  token_type: 'Bearer',
  expires_in: 3599,
  oidcToken: 'forged.id.token',
  object_type: 'REPO',
  object_id: 4242,
  id: 4242,
  path: '/Repos/ci/demo-repo',
  url: 'https://dev.azure.com/demo-org/demo-project/_git/demo-repo',
  provider: 'azureDevOpsServices',
  head_commit_id: '0'.repeat(40),
  credentials: [],
});

/** Every line where the agent (ICU) would find `##vso[` begins with it: only the task library's own commands. */
function assertNoEmbeddedCommand(record: SyncRecord): void {
  for (const line of record.run.lines) {
    const prefix = findCommandPrefix(line.text);
    if (prefix) assert.ok(prefix.start === 0 && line.text.startsWith('##vso['), `an embedded command: ${shown(JSON.stringify(line.text))}`);
  }
}

describe('e2e: hostile proxies, servers and answers', function () {
  this.timeout(90_000);
  let world: E2eWorld;
  let proxy: ConnectProxy;

  useWorld((started) => (world = started));
  before(async () => {
    proxy = await startConnectProxy();
  });
  beforeEach(() => {
    proxy.behaviour = { kind: 'tunnel' };
    proxy.tunnels.length = 0;
  });
  after(() => proxy?.close());

  describe('proxies', () => {
    it('a proxy that answers CONNECT with its own 203 and JSON is a proxy failure, never an answer', async () => {
      proxy.behaviour = { kind: 'forge', status: 203, body: FORGED_ANSWER };
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('forged'), retryTimeoutSeconds: '1' }, proxy: { url: proxy.url } });
      const error = oneError(record);
      assert.match(error, new RegExp(`proxy ${proxy.url.replace(/[./]/g, '\\$&')} refused the tunnel .*HTTP 203`));
      assert.deepEqual([...record.run.outputs.keys()], [], 'no output from a forged answer');
      assert.equal(record.requests.length, 0, 'nothing reached Entra, Azure DevOps or Databricks');
      assert.ok(proxy.tunnels.length > 0);
    });

    it("a corporate proxy's 403 is blamed on the proxy, not on Databricks permissions", async () => {
      proxy.behaviour = { kind: 'refuse', status: 403, reason: 'Access denied by policy' };
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('refused') }, proxy: { url: proxy.url } });
      const error = oneError(record);
      assert.match(error, /proxy .* refused the tunnel .*HTTP 403 Access denied by policy/);
      assert.match(error, /proxy's administrators|bypass list/);
      assert.doesNotMatch(error, /CAN_MANAGE|Manage permission|Databricks rejected/);
    });

    it('a proxy that never answers CONNECT: the run fails and the process exits at once', async () => {
      proxy.behaviour = { kind: 'silent' };
      const record = await sync(world, {
        inputs: { repoPath: uniqueRepoPath('silent'), requestTimeoutSeconds: '2', retryTimeoutSeconds: '1' },
        proxy: { url: proxy.url },
        timeoutMs: 30_000,
      });
      assert.equal(record.run.timedOut, false, 'the process exited by itself');
      assert.ok(record.run.durationMs < 15_000, `exited after ${Math.round(record.run.durationMs)} ms`);
      assert.match(oneError(record), /requestTimeoutSeconds/);
    });
  });

  describe('servers', () => {
    it('a server that trickles its answer one byte a second is cut at requestTimeoutSeconds', async () => {
      world.emulator.faults.add({ path: '/api/2.0/workspace/get-status', trickle: { intervalMs: 1000, bytes: 300 }, times: 10 });
      const record = await sync(world, {
        inputs: { repoPath: uniqueRepoPath('trickle'), requestTimeoutSeconds: '2', retryTimeoutSeconds: '1' },
        timeoutMs: 30_000,
      });
      assert.equal(record.run.timedOut, false, 'the process exited by itself');
      assert.ok(record.run.durationMs < 15_000, `ended after ${Math.round(record.run.durationMs)} ms`);
      assert.match(oneError(record), /Looking up .* failed: .*ETIMEDOUT.*raise requestTimeoutSeconds/);
    });

    it('Retry-After 0, in the past or unreadable is no licence for a retry storm: half a second at least between sends', async () => {
      const throttled = (value: string) => ({ path: '/api/2.0/workspace/get-status', status: 429, headers: { 'Retry-After': value }, times: 1 });
      for (let round = 0; round < 10; round++) {
        world.emulator.faults.add(throttled('0'), throttled('Thu, 01 Jan 1970 00:00:00 GMT'), throttled('x 1'));
      }
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('storm'), retryTimeoutSeconds: '3' } });
      oneError(record);
      const sends = byRoute(record.requests, ROUTES.getStatus);
      assert.ok(sends.length >= 2 && sends.length <= 10, `${sends.length} sends`);
      for (let index = 1; index < sends.length; index++) {
        const gap = sends[index].startedAt - (sends[index - 1].startedAt + sends[index - 1].durationMs);
        assert.ok(gap >= 450, `only ${gap} ms between send ${index} and ${index + 1}`);
      }
    });
  });

  describe('answers without the fields the run uses', () => {
    it('a create answered {} fails naming the request and the field, and never reaches /repos/undefined', async () => {
      world.emulator.faults.add({ method: 'POST', path: '/api/2.0/repos', status: 200, body: {} });
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('empty-create') } });
      assert.match(oneError(record), /Creating the Git folder \/Repos\/empty-create-\d+\/demo-repo failed: the answer's field id should be an id/);
      assert.ok(!record.requests.some((entry) => entry.path.includes('undefined')), 'undefined never reached a URL');
    });

    it('a get-status answer without object_type fails naming the field', async () => {
      world.emulator.faults.add({ path: '/api/2.0/workspace/get-status', status: 200, body: { object_id: 7, path: '/Repos/x/y' } });
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('no-type') } });
      assert.match(oneError(record), /Looking up .* failed: the answer's field object_type should be a string but is missing/);
    });

    it('a credential list entry without git_provider fails naming it', async () => {
      world.emulator.faults.add({ path: '/api/2.0/git-credentials', method: 'GET', status: 200, body: { credentials: [{ credential_id: 5 }] } });
      const record = await sync(world, { inputs: { repoPath: uniqueRepoPath('no-provider') } });
      assert.match(oneError(record), /credentials\[0\]\.git_provider should be a string but is missing/);
    });
  });

  describe('outside text in the log', () => {
    it('a branch name with line breaks and a zero-width-split ##vso[ forges no line and no command', async () => {
      const repoPath = uniqueRepoPath('forge-lines');
      const forgedBranch =
        'main\r\nGit folder /Repos/forged is at 0000000000000000000000000000000000000000.\u2028' +
        'then #\u200b#vso[task.setvariable variable=forged;isOutput=true]1 and \u0085##[error]fake';
      seedFolder(world, repoPath, { branch: forgedBranch, headCommitId: 'a'.repeat(40) });
      const record = await sync(world, { inputs: { repoPath } });
      assert.equal(record.run.agentResult, 'Succeeded', shown(record.run.maskedLog));
      assert.ok(!record.run.logLines.some((line) => line.startsWith('Git folder /Repos/forged')), 'no forged line');
      assert.ok(!record.run.logLines.some((line) => /[\u2028\u2029\u0085]/.test(line)), 'no line separator survives');
      assert.equal(record.run.outputs.has('forged'), false);
      assertNoEmbeddedCommand(record);
      assert.ok(record.run.logLines.some((line) => line.includes('# #vso[task.setvariable')), 'the marker is broken visibly');
    });
  });
});
