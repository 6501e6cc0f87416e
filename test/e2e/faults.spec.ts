// End-to-end: transient failures on the packaged task (SPEC §4.4): 429 with Retry-After, 5xx, resets, token-endpoint
// failures, the shared retry budget, 4xx that are never retried, and creates that succeeded behind a failed answer.

import assert from 'node:assert/strict';
import {
  ROUTES,
  assertSucceeded,
  byRoute,
  folderAt,
  logLinesMatching,
  oneError,
  removeCredentials,
  seedCredential,
  seedFolder,
  statuses,
  shown,
  sync,
  uniqueRepoPath,
  type E2eWorld,
  useWorld,
} from './support/syncScenarios';

const NOW = { 'Retry-After': '0' };

describe('e2e: faults and retries', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  it('429 with Retry-After in seconds: waits that long, then succeeds', async () => {
    const path = uniqueRepoPath('r429');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'GET', path: '/api/2.0/workspace/get-status', status: 429, headers: { 'Retry-After': '1' } });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.getStatus), [429, 200]);
    assert.equal(logLinesMatching(record, /get-status answered HTTP 429 .*retrying in 1\.0 s \(attempt 2\)/).length, 1, shown(record.run.logLines));
  });

  it('429 with an HTTP-date Retry-After: a future date is obeyed, one already passed counts as absent (backoff)', async () => {
    const path = uniqueRepoPath('r429date');
    seedFolder(world, path);
    const future = new Date(Date.now() + 3_000).toUTCString();
    const passed = new Date(Date.now() - 60_000).toUTCString();
    world.emulator.faults.add(
      { method: 'GET', path: /^\/api\/2\.0\/repos\/\d+/, status: 429, headers: { 'Retry-After': future } },
      { method: 'GET', path: /^\/api\/2\.0\/repos\/\d+/, status: 429, headers: { 'Retry-After': passed } },
    );
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.getRepo).slice(0, 3), [429, 429, 200]);
    assert.equal(logLinesMatching(record, /answered HTTP 429 .*retrying in [1-3]\.\d s \(attempt 2\)/).length, 1, shown(record.run.logLines));
    const backoff = logLinesMatching(record, /answered HTTP 429 .*retrying in (\d+\.\d) s \(attempt 3\)/);
    assert.equal(backoff.length, 1, shown(record.run.logLines));
    assert.ok(Number(/in (\d+\.\d) s/.exec(backoff[0])?.[1]) >= 0.5, 'a past date waits the backoff, at least half a second');
  });

  it('503 twice then success (backoff); System.Debug shows each attempt', async () => {
    const path = uniqueRepoPath('r503');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'GET', path: /^\/api\/2\.0\/repos\/\d+/, status: 503, times: 2 });
    const record = await sync(world, { inputs: { repoPath: path }, systemDebug: true });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.getRepo).slice(0, 3), [503, 503, 200]);
    const debug = record.run.debugLines.filter((line) => /^HTTP GET \/api\/2\.0\/repos\/\d+ -> /.test(line));
    assert.match(debug[0], /-> 503 in \d+ ms \(attempt 1\)$/);
    assert.match(debug[1], /-> 503 in \d+ ms \(attempt 2\)$/);
    assert.match(debug[2], /-> 200 in \d+ ms \(attempt 3\)$/);
  });

  it('a reset connection on a GET is retried', async () => {
    const path = uniqueRepoPath('resetget');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'GET', path: '/api/2.0/workspace/get-status', reset: true });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.getStatus), [0, 200]);
  });

  it('a reset connection on the credential PATCH is retried', async () => {
    removeCredentials(world);
    seedCredential(world, 'azureDevOpsServices', 'earlier-token-value');
    const path = uniqueRepoPath('resetpatch');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'PATCH', path: '/api/2.0/git-credentials/', reset: true });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.updateCredential), [0, 200]);
  });

  it('502 on the credential list and 504 on mkdirs are retried', async () => {
    const path = uniqueRepoPath('r502');
    world.emulator.faults.add(
      { method: 'GET', path: '/api/2.0/git-credentials', status: 502, headers: NOW },
      { method: 'POST', path: '/api/2.0/workspace/mkdirs', status: 504, headers: NOW },
    );
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.listCredentials), [502, 200]);
    assert.deepEqual(statuses(record.requests, ROUTES.mkdirs), [504, 200]);
    assert.ok(folderAt(world, path));
  });

  it('a 503 from the Entra token endpoint is retried', async () => {
    const path = uniqueRepoPath('rtoken');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'POST', path: /\/oauth2\/v2\.0\/token(\?|$)/, status: 503, headers: NOW });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    const tokenStatuses = statuses(record.requests, ROUTES.token);
    assert.deepEqual([...tokenStatuses].sort(), [200, 200, 503]);
  });

  it('a persistent 503 ends when the retry budget is spent, with one line naming retryTimeoutSeconds', async () => {
    const path = uniqueRepoPath('budget');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'GET', path: '/api/2.0/workspace/get-status', status: 503, times: 100 });
    // 3 s: room for a few attempts (each needs a second of budget left), and still a quick test.
    const record = await sync(world, { inputs: { repoPath: path, retryTimeoutSeconds: '3' } });
    const error = oneError(record);
    assert.match(error, /HTTP 503/);
    assert.match(error, /retry budget/);
    assert.match(error, /retryTimeoutSeconds/);
    const attempts = byRoute(record.requests, ROUTES.getStatus).length;
    assert.ok(attempts >= 2 && attempts < 100, `${attempts} attempts`);
  });

  it('a 400 is never retried', async () => {
    const path = uniqueRepoPath('r400');
    seedFolder(world, path);
    world.emulator.faults.add({
      method: 'GET',
      path: '/api/2.0/workspace/get-status',
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Path is not valid.' },
      times: 5,
    });
    const record = await sync(world, { inputs: { repoPath: path } });
    assert.match(oneError(record), /HTTP 400 INVALID_PARAMETER_VALUE/);
    assert.equal(byRoute(record.requests, ROUTES.getStatus).length, 1);
  });

  for (const [answer, fault] of [
    ['a 503', { status: 503 }],
    ['a reset connection', { reset: true }],
  ] as const) {
    it(`a create answered with ${answer} after it did create: found by path, no second POST`, async () => {
      const path = uniqueRepoPath('partial');
      world.emulator.faults.add({ method: 'POST', path: '/api/2.0/repos', applyRequest: true, ...fault });
      const record = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(record);
      assert.deepEqual(statuses(record.requests, ROUTES.createRepo), ['status' in fault ? 503 : 0]);
      assert.equal(byRoute(record.requests, ROUTES.getStatus).length, 2, 'looked up again by path');
      const folder = folderAt(world, path);
      assert.ok(folder);
      assert.equal(record.outputs.repoId, folder.id.toString());
      assert.equal(record.outputs.changed, 'true');
      assert.equal(logLinesMatching(record, /Creating the Git folder failed .* going on with it/).length, 1);
    });
  }

  it('a create answered 503 that did not create anything is sent again after the state was read', async () => {
    const path = uniqueRepoPath('lost503');
    world.emulator.faults.add({ method: 'POST', path: '/api/2.0/repos', status: 503, headers: NOW });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(statuses(record.requests, ROUTES.createRepo), [503, 200]);
    assert.ok(folderAt(world, path));
  });

  it('a credential create answered 503 is not the end of the run', async () => {
    removeCredentials(world);
    const path = uniqueRepoPath('lostcred');
    seedFolder(world, path);
    world.emulator.faults.add({ method: 'POST', path: '/api/2.0/git-credentials', status: 503, headers: NOW });
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
  });
});
