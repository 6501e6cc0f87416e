// Conformance of /api/2.0/repos with Databricks' SDK: create, get, update (branch, tag, sparse patterns) and delete
// of Git folders as the SDK's typed client sends and reads them, and its errors for a missing and a forbidden folder.

import * as assert from 'node:assert/strict';
import type { workspace } from '@databricks/sdk-experimental';
import type { GitFolder } from '../emulator';
import { lastRequest, rawAnswer, useSdkWorld, type SdkWorld } from './support/sdkWorld';
import { assertModelFields, assertSameId, assertSdkError, type ModelFields } from './support/wireChecks';

// RepoInfo, CreateRepoResponse and GetRepoResponse declare the same members.
const REPO_FIELDS: ModelFields<workspace.RepoInfo> = {
  branch: true,
  head_commit_id: true,
  id: true,
  path: true,
  provider: true,
  sparse_checkout: true,
  url: true,
};

// get answers whether the folder has Git CLI access; this SDK's GetRepoResponse predates Git-CLI folders.
const BEYOND_GET = { git_cli_enabled: 'Git folders with Git CLI access' };

describe('conformance (Databricks SDK): repos (Git folders)', () => {
  let world: SdkWorld;
  let counter = 0;
  useSdkWorld((started) => (world = started));
  before(async () => {
    // clones need a Git credential: federation, as the task's default mode makes it
    await world.gitCredentials.create({ git_provider: 'azureDevOpsServicesAad' });
  });

  function folderWithId(id: number | undefined): GitFolder {
    const folder = id === undefined ? undefined : world.emulator.state.workspace.gitFolder(String(id));
    assert.ok(folder !== undefined, `Git folder ${String(id)} is not in the emulator's state`);
    return folder;
  }

  /** Each member of the SDK's answer holds what the emulator has for the folder (its state, not its JSON). */
  function assertRepo(answer: workspace.RepoInfo, folder: GitFolder, beyond: Record<string, string> = {}): void {
    assertModelFields(answer, REPO_FIELDS, beyond);
    assertSameId(answer.id, folder.id);
    assert.deepEqual(
      [answer.path, answer.url, answer.provider, answer.branch, answer.head_commit_id, answer.sparse_checkout],
      [folder.path, folder.url, folder.provider, folder.branch ?? undefined, folder.headCommitId, folder.sparseCheckoutPatterns === null ? undefined : { patterns: folder.sparseCheckoutPatterns }],
    );
  }

  /** A Git folder made through the SDK, as the task makes one (mkdirs of the parent, then create), and its id. */
  async function createFolder(request: Partial<workspace.CreateRepoRequest> = {}): Promise<{ repo_id: number; path: string }> {
    counter += 1;
    const parent = `/Repos/conformance-${counter}`;
    await world.workspace.mkdirs({ path: parent });
    const path = `${parent}/demo-repo`;
    const { id } = await world.repos.create({ url: world.seed.repository.url, provider: 'azureDevOpsServices', path, ...request });
    assert.ok(id !== undefined, 'create answered no id');
    return { repo_id: id, path };
  }

  it('create: the emulator reads every field of the SDK body, and the typed answer holds the new folder', async () => {
    const request = { url: world.seed.repository.url, provider: 'azureDevOpsServices', path: '/Repos/conformance-create/demo-repo', sparse_checkout: { patterns: ['src', 'docs'] } };
    await world.workspace.mkdirs({ path: '/Repos/conformance-create' });
    const created = await world.repos.create(request);
    assert.deepEqual(lastRequest(world, 'POST /api/2.0/repos').body, request);
    const folder = folderWithId(created.id);
    assert.deepEqual([folder.path, folder.url, folder.provider, folder.sparseCheckoutPatterns], [request.path, request.url, request.provider, ['src', 'docs']]);
    assert.deepEqual([folder.branch, folder.headCommitId], ['main', world.seed.repository.branches.main]);
    assertRepo(created, folder);
  });

  it("get: the typed GetRepoResponse is the emulator's answer and matches its state", async () => {
    const { repo_id } = await createFolder();
    const answer = await world.repos.get({ repo_id });
    assertRepo(answer, folderWithId(repo_id), BEYOND_GET);
    assert.deepEqual(answer, await rawAnswer(world, `/api/2.0/repos/${repo_id}`));
  });

  it('update (PATCH) to a branch, then a tag: the emulator checks out what the SDK body names', async () => {
    const { repo_id } = await createFolder();
    assert.deepEqual(await world.repos.update({ repo_id, branch: 'dev' }), {});
    assert.deepEqual(lastRequest(world, 'PATCH /api/2.0/repos/{id}').body, { branch: 'dev' });
    assert.deepEqual([folderWithId(repo_id).branch, folderWithId(repo_id).headCommitId], ['dev', world.seed.repository.branches.dev]);
    assertRepo(await world.repos.get({ repo_id }), folderWithId(repo_id), BEYOND_GET);

    await world.repos.update({ repo_id, tag: 'v1.0.0' });
    assert.deepEqual(lastRequest(world, 'PATCH /api/2.0/repos/{id}').body, { tag: 'v1.0.0' });
    const detached = await world.repos.get({ repo_id });
    assert.deepEqual([detached.branch, detached.head_commit_id], [undefined, world.seed.repository.tags['v1.0.0']]);
    assertRepo(detached, folderWithId(repo_id), BEYOND_GET);
  });

  it('update (PATCH) of the sparse-checkout patterns: the emulator reads the SparseCheckoutUpdate the SDK sends', async () => {
    const { repo_id } = await createFolder({ sparse_checkout: { patterns: ['src'] } });
    await world.repos.update({ repo_id, sparse_checkout: { patterns: ['src', 'tests'] } });
    assert.deepEqual(lastRequest(world, 'PATCH /api/2.0/repos/{id}').body, { sparse_checkout: { patterns: ['src', 'tests'] } });
    assert.deepEqual(folderWithId(repo_id).sparseCheckoutPatterns, ['src', 'tests']);
    assertRepo(await world.repos.get({ repo_id }), folderWithId(repo_id), BEYOND_GET);
  });

  it("delete: the folder is gone, and a get then fails with RESOURCE_DOES_NOT_EXIST in the SDK's ApiError", async () => {
    const { repo_id, path } = await createFolder();
    assert.deepEqual(await world.repos.delete({ repo_id }), {});
    assert.equal(lastRequest(world, 'DELETE /api/2.0/repos/{id}').path, `/api/2.0/repos/${repo_id}`);
    assert.equal(world.emulator.state.workspace.object(path), undefined);
    await assertSdkError(world.repos.get({ repo_id }), { status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST', message: 'Repo could not be found' });
  });

  it("a folder the service principal may not read or manage: 403 PERMISSION_DENIED in the SDK's ApiError", async () => {
    const folder = world.emulator.state.workspace.addGitFolder({
      path: '/Repos/conformance-private/demo-repo',
      url: world.seed.repository.url,
      provider: 'azureDevOpsServices',
      accessControl: [{ principalField: 'user_name', principal: world.seed.workspace.adminUser, permissionLevel: 'CAN_MANAGE' }],
    });
    const clientId = world.seed.application.clientId;
    const repo_id = Number(folder.id);
    await assertSdkError(world.repos.get({ repo_id }), {
      status: 403,
      errorCode: 'PERMISSION_DENIED',
      message: `${clientId} does not have Read permissions on ${folder.path}. Please contact the owner or an administrator for access.`,
    });
    await assertSdkError(world.repos.update({ repo_id, branch: 'dev' }), {
      status: 403,
      errorCode: 'PERMISSION_DENIED',
      message: `${clientId} does not have Manage permissions on ${folder.path}. Please contact the owner or an administrator for access.`,
    });
  });
});
