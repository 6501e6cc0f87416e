// End-to-end: the Git folder options of SPEC §4.3 on the packaged task: sparse checkout, uncommitted changes
// (discardLocalChanges), expectedCommit, permissions merge/replace, and the dry run.

import assert from 'node:assert/strict';
import {
  ROUTES,
  adoUrl,
  assertSucceeded,
  byRoute,
  databricks,
  folderAt,
  logLinesMatching,
  oneError,
  credentialIdFor,
  onlyBody,
  parentOf,
  remoteHead,
  seedFolder,
  shown,
  sync,
  uniqueRepoPath,
  writes,
  type E2eWorld,
  useWorld,
} from './support/syncScenarios';

describe('e2e: Git folder options', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  it('creates a sparse checkout with the given cone patterns', async () => {
    const path = uniqueRepoPath('sparse');
    const record = await sync(world, { inputs: { repoPath: path, sparseCheckoutPatterns: 'notebooks\njobs/etl\n' } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.createRepo), {
      url: adoUrl(world),
      provider: 'azureDevOpsServices',
      path,
      sparse_checkout: { patterns: ['notebooks', 'jobs/etl'] },
      git_credential_id: record.outputs.credentialId,
    });
    assert.deepEqual(folderAt(world, path)?.sparseCheckoutPatterns, ['notebooks', 'jobs/etl']);
    assert.equal(record.outputs.changed, 'true');
  });

  it('updates the patterns of a sparse folder, and leaves equal ones alone', async () => {
    const path = uniqueRepoPath('sparseupd');
    seedFolder(world, path, { sparseCheckoutPatterns: ['notebooks'] });
    const changed = await sync(world, { inputs: { repoPath: path, sparseCheckoutPatterns: 'notebooks\njobs' } });
    assertSucceeded(changed);
    assert.deepEqual(onlyBody(changed.requests, ROUTES.updateRepo), { branch: 'main', sparse_checkout: { patterns: ['notebooks', 'jobs'] }, git_credential_id: changed.outputs.credentialId });
    assert.deepEqual(folderAt(world, path)?.sparseCheckoutPatterns, ['notebooks', 'jobs']);
    assert.equal(changed.outputs.changed, 'true');

    const same = await sync(world, { inputs: { repoPath: path, sparseCheckoutPatterns: 'jobs\nnotebooks' } });
    assertSucceeded(same);
    assert.deepEqual(onlyBody(same.requests, ROUTES.updateRepo), { branch: 'main', git_credential_id: same.outputs.credentialId });
    assert.equal(same.outputs.changed, 'false');
  });

  it('sparse checkout on against off is a mismatch: fail names both, recreate makes it anew', async () => {
    const path = uniqueRepoPath('sparseoff');
    const folder = seedFolder(world, path);
    const failed = await sync(world, { inputs: { repoPath: path, sparseCheckoutPatterns: 'notebooks' } });
    assert.match(oneError(failed), /sparse checkout is off but the task asks for on \(notebooks\)/);
    assert.deepEqual(writes(failed.requests).filter((route) => !route.includes('git-credentials')), []);
    assert.equal(folderAt(world, path)?.id, folder.id);

    const recreated = await sync(world, { inputs: { repoPath: path, sparseCheckoutPatterns: 'notebooks', onMismatch: 'recreate' } });
    assertSucceeded(recreated);
    assert.equal(byRoute(recreated.requests, ROUTES.deleteRepo).length, 1);
    assert.deepEqual(folderAt(world, path)?.sparseCheckoutPatterns, ['notebooks']);
    assert.notEqual(folderAt(world, path)?.id, folder.id);
  });

  it('a folder with uncommitted changes fails without discardLocalChanges and is reset with it', async () => {
    const path = uniqueRepoPath('dirty');
    const folder = seedFolder(world, path, { hasUncommittedChanges: true });
    const before = folder.headCommitId;
    const pushed = world.emulator.state.remotes.addCommit(adoUrl(world), 'main');

    const refused = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(refused);
    assert.match(error, /uncommitted changes/);
    assert.ok(error.includes(path), error);
    assert.deepEqual(onlyBody(refused.requests, ROUTES.updateRepo), { branch: 'main', git_credential_id: credentialIdFor(world, 'azureDevOpsServices') });
    assert.equal(folderAt(world, path)?.headCommitId, before);
    assert.equal(folderAt(world, path)?.hasUncommittedChanges, true);

    const discarded = await sync(world, { inputs: { repoPath: path, discardLocalChanges: 'true' } });
    assertSucceeded(discarded);
    assert.deepEqual(onlyBody(discarded.requests, ROUTES.updateRepo), { branch: 'main', dangerously_force_discard_all: true, git_credential_id: discarded.outputs.credentialId });
    assert.equal(folderAt(world, path)?.hasUncommittedChanges, false);
    assert.equal(discarded.outputs.headCommitId, pushed);
  });

  it('the uncommitted-changes failure names the discardLocalChanges input as the fix', async () => {
    const path = uniqueRepoPath('dirtyfix');
    seedFolder(world, path, { hasUncommittedChanges: true });
    const record = await sync(world, { inputs: { repoPath: path } });
    assert.match(oneError(record), /Fix: .*discardLocalChanges/);
  });

  it('expectedCommit: passes when the folder ends there, fails naming both commits when not', async () => {
    const path = uniqueRepoPath('expected');
    seedFolder(world, path);
    const head = remoteHead(world, 'main');
    const matching = await sync(world, { inputs: { repoPath: path, expectedCommit: head.toUpperCase() } });
    assertSucceeded(matching);
    assert.equal(matching.outputs.headCommitId, head);

    const other = remoteHead(world, 'dev');
    const mismatching = await sync(world, { inputs: { repoPath: path, expectedCommit: other } });
    const error = oneError(mismatching);
    assert.ok(error.includes(head) && error.includes(other), error);
    assert.match(error, /expectedCommit/);
  });

  it('permissions: merges with PATCH, writes nothing once applied; changed follows', async () => {
    const path = uniqueRepoPath('perm');
    seedFolder(world, path);
    const permissions = 'group:data-engineers=CAN_RUN\nuser:alice@contoso.com=CAN_READ';
    const merged = await sync(world, { inputs: { repoPath: path, permissions } });
    assertSucceeded(merged);
    assert.deepEqual(onlyBody(merged.requests, ROUTES.mergePermissions), {
      access_control_list: [
        { group_name: 'data-engineers', permission_level: 'CAN_RUN' },
        { user_name: 'alice@contoso.com', permission_level: 'CAN_READ' },
      ],
    });
    assert.deepEqual(byRoute(merged.requests, ROUTES.replacePermissions), []);
    const acl = folderAt(world, path)?.accessControl.map((entry) => `${entry.principal}=${entry.permissionLevel}`);
    assert.deepEqual(acl, ['users=CAN_MANAGE', 'data-engineers=CAN_RUN', 'alice@contoso.com=CAN_READ']);
    assert.equal(merged.outputs.changed, 'true', 'a permission change alone is a change');

    const again = await sync(world, { inputs: { repoPath: path, permissions } });
    assertSucceeded(again);
    assert.equal(byRoute(again.requests, ROUTES.getPermissions).length, 1);
    assert.deepEqual(writes(again.requests).filter((route) => route.includes('permissions')), []);
    assert.equal(again.outputs.changed, 'false');
  });

  it('permissions: replaces with PUT when replacePermissions, then writes nothing', async () => {
    const path = uniqueRepoPath('permput');
    seedFolder(world, path);
    const clientId = world.seed.application.clientId;
    const permissions = `servicePrincipal:${clientId}=CAN_MANAGE\ngroup:data-engineers=CAN_READ`;
    const replaced = await sync(world, { inputs: { repoPath: path, permissions, replacePermissions: 'true' } });
    assertSucceeded(replaced);
    assert.deepEqual(onlyBody(replaced.requests, ROUTES.replacePermissions), {
      access_control_list: [
        { service_principal_name: clientId, permission_level: 'CAN_MANAGE' },
        { group_name: 'data-engineers', permission_level: 'CAN_READ' },
      ],
    });
    const acl = folderAt(world, path)?.accessControl.map((entry) => `${entry.principal}=${entry.permissionLevel}`);
    assert.deepEqual(acl, [`${clientId}=CAN_MANAGE`, 'data-engineers=CAN_READ'], 'group users no longer has a direct grant');
    assert.equal(replaced.outputs.changed, 'true');

    const again = await sync(world, { inputs: { repoPath: path, permissions, replacePermissions: 'true' } });
    assertSucceeded(again);
    assert.deepEqual(writes(again.requests).filter((route) => route.includes('permissions')), []);
    assert.equal(again.outputs.changed, 'false');
  });

  it('dry run on a missing folder: only GETs, the plan in log and summary, changed true', async () => {
    const path = uniqueRepoPath('dry');
    const record = await sync(world, { inputs: { repoPath: path, dryRun: 'true', permissions: 'group:data-engineers=CAN_RUN' } });
    assertSucceeded(record);
    assert.deepEqual(
      databricks(record.requests).filter((entry) => entry.method !== 'GET'),
      [],
      'a dry run sends only GETs to Databricks',
    );
    assert.ok(databricks(record.requests).length >= 2);
    const planned = logLinesMatching(record, /^Would /);
    assert.ok(planned.some((line) => line.includes('POST /api/2.0/workspace/mkdirs') && line.includes(parentOf(path))), planned.join('\n'));
    assert.ok(planned.some((line) => line.includes('POST /api/2.0/repos') && line.includes(path)), planned.join('\n'));
    assert.ok(planned.some((line) => line.includes('/api/2.0/permissions/repos/')), planned.join('\n'));
    const summary = record.run.summaryMarkdown ?? '';
    assert.match(summary, /dry run/);
    assert.match(summary, /\*\*Plan\*\*/);
    assert.ok(summary.includes('POST /api/2.0/repos'), summary);
    assert.equal(record.outputs.changed, 'true');
    assert.equal(record.outputs.repoId, '');
    assert.equal(record.outputs.previousCommitId, '');
    assert.equal(folderAt(world, path), undefined);
    assert.equal(world.emulator.state.workspace.object(parentOf(path)), undefined);
  });

  it('dry run on existing folders: changed only when the ref would switch', async () => {
    const path = uniqueRepoPath('dryexisting');
    const folder = seedFolder(world, path);
    const same = await sync(world, { inputs: { repoPath: path, dryRun: 'true' } });
    assertSucceeded(same);
    assert.deepEqual(writes(same.requests), []);
    assert.equal(same.outputs.changed, 'false');
    assert.equal(same.outputs.repoId, folder.id.toString());
    assert.equal(same.outputs.headCommitId, folder.headCommitId);
    assert.ok(logLinesMatching(same, new RegExp(`^Would PATCH /api/2.0/repos/${folder.id} \\(pull branch main\\)`)).length === 1, shown(same.run.logLines));

    const other = await sync(world, { inputs: { repoPath: path, dryRun: 'true', branch: 'dev' } });
    assertSucceeded(other);
    assert.deepEqual(writes(other.requests), []);
    assert.equal(other.outputs.changed, 'true');
    assert.equal(folderAt(world, path)?.branch, 'main', 'nothing was checked out');
  });
});
