// End-to-end: the packaged task finds, creates and updates the Git folder (SPEC §4.3): create then update, pulls,
// branch and tag switches, the ref from the pipeline, paths that hold something else, Git-CLI folders, mismatches.

import assert from 'node:assert/strict';
import {
  ROUTES,
  adoUrl,
  assertSucceeded,
  byRoute,
  folderAt,
  oneError,
  onlyBody,
  parentOf,
  remoteHead,
  removeCredentials,
  routes,
  seedFolder,
  sync,
  uniqueRepoPath,
  writes,
  type E2eWorld,
  useWorld,
} from './support/syncScenarios';

describe('e2e: Git folder', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  it('creates the folder on the first run, then only updates it', async () => {
    removeCredentials(world);
    const path = uniqueRepoPath('create');
    const first = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(first);
    // the credential and the parent folder side by side, then the clone (which needs both)
    assert.deepEqual([...writes(first.requests)].sort(), [ROUTES.createCredential, ROUTES.mkdirs, ROUTES.createRepo].sort());
    assert.equal(writes(first.requests).at(-1), ROUTES.createRepo);
    assert.deepEqual(onlyBody(first.requests, ROUTES.mkdirs), { path: parentOf(path) });
    // the credential the run wrote is named on the create: Databricks never stores it with the folder
    assert.deepEqual(onlyBody(first.requests, ROUTES.createRepo), { url: adoUrl(world), provider: 'azureDevOpsServices', path, git_credential_id: first.outputs.credentialId });
    const folder = folderAt(world, path);
    assert.ok(folder, 'the folder exists');
    assert.equal(first.outputs.repoId, folder.id.toString());
    assert.ok(BigInt(first.outputs.repoId) > 2n ** 53n, 'the id is beyond a double: kept exact');
    assert.equal(first.outputs.previousCommitId, '');
    assert.equal(first.outputs.headCommitId, remoteHead(world, 'main'));
    assert.equal(first.outputs.changed, 'true');

    const second = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(second);
    assert.deepEqual(writes(second.requests), [ROUTES.updateCredential, ROUTES.updateRepo]);
    assert.equal(second.outputs.repoId, first.outputs.repoId);
    assert.equal(second.outputs.previousCommitId, first.outputs.headCommitId);
    assert.equal(second.outputs.headCommitId, first.outputs.headCommitId);
    assert.equal(second.outputs.changed, 'false');
  });

  it('pulls the branch when the remote moved on', async () => {
    const path = uniqueRepoPath('pull');
    const folder = seedFolder(world, path);
    const before = folder.headCommitId;
    const pushed = world.emulator.state.remotes.addCommit(adoUrl(world), 'main');
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.updateRepo), { branch: 'main', git_credential_id: record.outputs.credentialId });
    assert.equal(folderAt(world, path)?.headCommitId, pushed);
    assert.equal(record.outputs.previousCommitId, before);
    assert.equal(record.outputs.headCommitId, pushed);
    assert.notEqual(record.outputs.previousCommitId, record.outputs.headCommitId);
    assert.equal(record.outputs.changed, 'true');
  });

  it('switches to a branch whose name holds a slash', async () => {
    const path = uniqueRepoPath('switch');
    seedFolder(world, path);
    const record = await sync(world, { inputs: { repoPath: path, branch: 'feature/x' } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.updateRepo), { branch: 'feature/x', git_credential_id: record.outputs.credentialId });
    const folder = folderAt(world, path);
    assert.equal(folder?.branch, 'feature/x');
    assert.equal(folder?.headCommitId, remoteHead(world, 'feature/x'));
    assert.equal(record.outputs.branch, 'feature/x');
    assert.equal(record.outputs.tag, '');
    assert.equal(record.outputs.headCommitId, remoteHead(world, 'feature/x'));
    assert.equal(record.outputs.changed, 'true');
  });

  it('checks out a tag (detached HEAD): tag output set, branch empty', async () => {
    const path = uniqueRepoPath('tag');
    seedFolder(world, path);
    const tagged = world.emulator.state.remotes.repository(adoUrl(world)).tags.get('v1.0.0');
    const record = await sync(world, { inputs: { repoPath: path, tag: 'v1.0.0' } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.updateRepo), { tag: 'v1.0.0', git_credential_id: record.outputs.credentialId });
    assert.equal(folderAt(world, path)?.tag, 'v1.0.0');
    assert.equal(folderAt(world, path)?.branch, null);
    assert.equal(record.outputs.tag, 'v1.0.0');
    assert.equal(record.outputs.branch, '');
    assert.equal(record.outputs.headCommitId, tagged);
    assert.equal(record.outputs.changed, 'true');
  });

  it('takes a tag from Build.SourceBranch when neither branch nor tag is set', async () => {
    const path = uniqueRepoPath('tagref');
    seedFolder(world, path);
    const record = await sync(world, { inputs: { repoPath: path }, variables: { 'Build.SourceBranch': 'refs/tags/v1.0.0' } });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.updateRepo), { tag: 'v1.0.0', git_credential_id: record.outputs.credentialId });
    assert.equal(record.outputs.tag, 'v1.0.0');
    assert.equal(record.outputs.branch, '');
  });

  it("takes a pull request's source branch when Build.Reason is PullRequest", async () => {
    const path = uniqueRepoPath('pr');
    seedFolder(world, path);
    const variables = {
      'Build.Reason': 'PullRequest',
      'Build.SourceBranch': 'refs/pull/17/merge',
      'System.PullRequest.SourceBranch': 'refs/heads/feature/x',
    };
    const record = await sync(world, { inputs: { repoPath: path }, variables });
    assertSucceeded(record);
    assert.deepEqual(onlyBody(record.requests, ROUTES.updateRepo), { branch: 'feature/x', git_credential_id: record.outputs.credentialId });
    assert.equal(folderAt(world, path)?.branch, 'feature/x');
    assert.equal(record.outputs.branch, 'feature/x');
  });

  it('fails on a missing path with createIfMissing false, writing nothing', async () => {
    const path = uniqueRepoPath('nocreate');
    const record = await sync(world, { inputs: { repoPath: path, createIfMissing: 'false' } });
    const error = oneError(record);
    assert.match(error, /createIfMissing/);
    assert.ok(error.includes(path), error);
    assert.deepEqual(writes(record.requests), []);
    assert.equal(folderAt(world, path), undefined);
    assert.equal(world.emulator.state.workspace.object(parentOf(path)), undefined, 'no parent folder made');
  });

  for (const [what, seedObject] of [
    ['a notebook', (world: E2eWorld, path: string) => world.emulator.state.workspace.addNotebook(path)],
    ['a plain directory', (world: E2eWorld, path: string) => world.emulator.state.workspace.addDirectory(path)],
  ] as const) {
    it(`fails when the path holds ${what}, with no write at all (the credential included)`, async () => {
      const path = `/Shared/holds-${what.replace(/\W+/g, '-')}/demo-repo`;
      const object = seedObject(world, path);
      const record = await sync(world, { inputs: { repoPath: path } });
      const error = oneError(record);
      assert.match(error, /not a Git folder/);
      assert.ok(error.includes(path), error);
      assert.deepEqual(writes(record.requests), []);
      assert.deepEqual(byRoute(record.requests, ROUTES.getRepo), [], 'get-status already told');
      assert.equal(world.emulator.state.workspace.object(path)?.objectId, object.objectId, 'left as it was');
    });
  }

  it('finds and updates a Git folder with Git CLI access (DIRECTORY + is_git_folder)', async () => {
    const path = uniqueRepoPath('gitcli');
    const folder = seedFolder(world, path, { gitCliEnabled: true });
    const pushed = world.emulator.state.remotes.addCommit(adoUrl(world), 'main');
    const record = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(record);
    assert.deepEqual(byRoute(record.requests, ROUTES.createRepo), []);
    assert.ok(byRoute(record.requests, ROUTES.updateRepo).every((entry) => entry.path.endsWith(`/${folder.id}`)));
    assert.equal(record.outputs.repoId, folder.id.toString());
    assert.equal(folderAt(world, path)?.headCommitId, pushed);
  });

  it('on a workspace whose get-status has no directory_info, a DIRECTORY is asked about by id', async () => {
    const path = uniqueRepoPath('olddir');
    const folder = seedFolder(world, path, { gitCliEnabled: true });
    world.emulator.state.workspace.reportDirectoryInfo = false;
    try {
      const record = await sync(world, { inputs: { repoPath: path } });
      assertSucceeded(record);
      assert.ok(byRoute(record.requests, ROUTES.getRepo)[0]?.path.endsWith(`/${folder.id}`));
      assert.equal(record.outputs.repoId, folder.id.toString());
    } finally {
      world.emulator.state.workspace.reportDirectoryInfo = true;
    }
  });

  it('onMismatch fail: another URL and provider are named, both values, and nothing is changed', async () => {
    const path = uniqueRepoPath('mismatch');
    const gitHub = world.seed.gitHubRepository.url;
    const folder = seedFolder(world, path, { url: gitHub, provider: 'gitHub' });
    const head = folder.headCommitId;
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    for (const value of [gitHub, adoUrl(world), 'gitHub', 'azureDevOpsServices', 'onMismatch']) {
      assert.ok(error.includes(value), `${value} missing from: ${error}`);
    }
    assert.deepEqual(writes(record.requests).filter((route) => !route.includes('git-credentials')), []);
    const after = folderAt(world, path);
    assert.equal(after?.id, folder.id);
    assert.equal(after?.url, gitHub);
    assert.equal(after?.headCommitId, head);
  });

  it('onMismatch fail: the same URL with another provider names both providers', async () => {
    const path = uniqueRepoPath('provider');
    seedFolder(world, path, { provider: 'bitbucketServer' });
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    assert.match(error, /provider is bitbucketServer but the task asks for azureDevOpsServices/);
    assert.deepEqual(writes(record.requests).filter((route) => !route.includes('git-credentials')), []);
  });

  it('onMismatch recreate: deletes the folder and creates it again', async () => {
    const path = uniqueRepoPath('recreate');
    const old = seedFolder(world, path, { url: world.seed.gitHubRepository.url, provider: 'gitHub' });
    const record = await sync(world, { inputs: { repoPath: path, onMismatch: 'recreate' } });
    assertSucceeded(record);
    const [deleted] = byRoute(record.requests, ROUTES.deleteRepo);
    const [created] = byRoute(record.requests, ROUTES.createRepo);
    assert.ok(deleted?.path.endsWith(`/${old.id}`), 'the old folder was deleted');
    assert.ok(created && created.seq > deleted.seq, 'then created again');
    assert.deepEqual(created.body, { url: adoUrl(world), provider: 'azureDevOpsServices', path, git_credential_id: record.outputs.credentialId }, 'the recreate names the credential too');
    const fresh = folderAt(world, path);
    assert.ok(fresh && fresh.id !== old.id);
    assert.equal(fresh.url, adoUrl(world));
    assert.equal(world.emulator.state.workspace.gitFolder(old.id), undefined);
    assert.equal(record.outputs.repoId, fresh.id.toString());
    assert.equal(record.outputs.previousCommitId, old.headCommitId);
    assert.equal(record.outputs.changed, 'true');
  });

  it('accepts a /Workspace prefix as the same folder', async () => {
    const path = uniqueRepoPath('prefix');
    const first = await sync(world, { inputs: { repoPath: `/Workspace${path}` } });
    assertSucceeded(first);
    const folder = folderAt(world, path);
    assert.ok(folder);
    assert.equal(first.outputs.repoPath, path);
    assert.equal(first.outputs.repoId, folder.id.toString());
    const second = await sync(world, { inputs: { repoPath: path } });
    assertSucceeded(second);
    assert.ok(!routes(second.requests).includes(ROUTES.createRepo), 'found, not created again');
    const third = await sync(world, { inputs: { repoPath: `/Workspace${path}/` } });
    assertSucceeded(third);
    assert.equal(third.outputs.repoId, folder.id.toString());
    assert.ok(!routes(third.requests).includes(ROUTES.createRepo));
  });
});
