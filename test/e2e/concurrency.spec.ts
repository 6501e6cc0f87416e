// End-to-end: runs of the packaged task at the same time (SPEC §4.2, §4.3.2): two runs creating one Git folder or one
// Git credential both succeed with one object; and one run's independent requests are in flight together.

import assert from 'node:assert/strict';
import type { LoggedRequest } from '../emulator';
import {
  ROUTES,
  assertSucceeded,
  byRoute,
  credentialsOf,
  folderAt,
  logLinesMatching,
  removeCredentials,
  seedCredential,
  seedFolder,
  statuses,
  sync,
  syncTogether,
  uniqueRepoPath,
  type E2eWorld,
  type SyncRecord,
  useWorld,
} from './support/syncScenarios';

/** How each run came to hold the folder: it created it, found it, or recovered from a create that lost the race. */
function folderOrigins(records: SyncRecord[]): string[] {
  return records
    .map((record) => {
      if (logLinesMatching(record, /^Created Git folder /).length === 1) return 'created';
      if (logLinesMatching(record, /^Creating the Git folder failed .* going on with it/).length === 1) return 'recovered';
      return logLinesMatching(record, /^Found Git folder /).length === 1 ? 'found' : 'unknown';
    })
    .sort();
}

/** Whether `later` arrived while `earlier` was still being answered. */
function overlaps(earlier: LoggedRequest, later: LoggedRequest): boolean {
  return later.inFlightAtStart > 0 && later.startedAt >= earlier.startedAt && later.startedAt < earlier.startedAt + earlier.durationMs;
}

describe('e2e: concurrency', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  it('two runs started together on the same new path both succeed with one folder', async () => {
    const path = uniqueRepoPath('together');
    const records = await syncTogether(world, [{ inputs: { repoPath: path } }, { inputs: { repoPath: path } }]);
    records.forEach(assertSucceeded);
    const folder = folderAt(world, path);
    assert.ok(folder);
    assert.equal([...world.emulator.state.workspace.gitFolders.values()].filter((one) => one.path === path).length, 1);
    for (const record of records) assert.equal(record.outputs.repoId, folder.id.toString());
    const posts = byRoute(records[0].requests, ROUTES.createRepo).length;
    assert.ok(posts === 1 || posts === 2, `${posts} creates`);
    const [winner, loser] = folderOrigins(records);
    assert.equal(winner, 'created');
    assert.ok(loser === 'found' || loser === 'recovered', loser);
  });

  it('two runs that both saw the path free: the loser recovers from "already exists"', async () => {
    const path = uniqueRepoPath('race');
    // Each run looks the path up once before its create: both lookups answer "missing".
    world.emulator.faults.add({
      method: 'GET',
      path: '/api/2.0/workspace/get-status',
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Path (${path}) doesn't exist.` },
      times: 2,
    });
    const records = await syncTogether(world, [{ inputs: { repoPath: path } }, { inputs: { repoPath: path } }]);
    records.forEach(assertSucceeded);
    const requests = records[0].requests;
    assert.deepEqual([...statuses(requests, ROUTES.createRepo)].sort(), [200, 400]);
    assert.equal(byRoute(requests, ROUTES.getStatus).length, 3, 'the loser looked the path up again');
    assert.deepEqual(folderOrigins(records), ['created', 'recovered']);
    const folder = folderAt(world, path);
    assert.ok(folder);
    for (const record of records) assert.equal(record.outputs.repoId, folder.id.toString());
  });

  it('two runs creating the Git credential at once both succeed: the 409 loser PATCHes', async () => {
    removeCredentials(world);
    const paths = [uniqueRepoPath('cred'), uniqueRepoPath('cred')];
    for (const path of paths) seedFolder(world, path);
    // Both runs' lists answer "no credential yet" (taken before either create), so both POST.
    world.emulator.faults.add({ method: 'GET', path: '/api/2.0/git-credentials', status: 200, body: { credentials: [] }, times: 2 });
    const records = await syncTogether(world, paths.map((repoPath) => ({ inputs: { repoPath } })));
    records.forEach(assertSucceeded);
    const requests = records[0].requests;
    assert.deepEqual([...statuses(requests, ROUTES.createCredential)].sort(), [200, 409]);
    assert.equal(byRoute(requests, ROUTES.updateCredential).length, 1);
    const credentials = credentialsOf(world);
    assert.equal(credentials.length, 1);
    for (const record of records) assert.equal(record.outputs.credentialId, credentials[0].id.toString());
    const raced = records.filter((record) => logLinesMatching(record, /created at the same time by another run/).length === 1);
    assert.equal(raced.length, 1);
  });

  it('the credential list and the path lookup are in flight together, as are the credential PATCH and the repo read', async () => {
    removeCredentials(world);
    seedCredential(world, 'azureDevOpsServices', 'earlier-token-value');
    const path = uniqueRepoPath('overlap');
    const folder = seedFolder(world, path);
    // Slow answers make any overlap visible; a task that waited for one before sending the other shows none. The
    // credential PATCH waits for the slow list, so the repo read is kept slower still, to be in flight when it comes.
    world.emulator.faults.add(
      { method: 'GET', path: '/api/2.0/git-credentials', delayMs: 250 },
      { method: 'GET', path: `/api/2.0/repos/${folder.id}`, delayMs: 900 },
    );
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    const [list] = byRoute(record.requests, ROUTES.listCredentials);
    const [lookup] = byRoute(record.requests, ROUTES.getStatus);
    assert.ok(overlaps(list, lookup) || overlaps(lookup, list), 'list ∥ get-status');
    const [read] = byRoute(record.requests, ROUTES.getRepo);
    const [patch] = byRoute(record.requests, ROUTES.updateCredential);
    assert.ok(overlaps(read, patch) || overlaps(patch, read), 'credential PATCH ∥ repo GET');
  });
});
