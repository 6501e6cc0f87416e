// Conformance of /api/2.0/workspace/get-status and /mkdirs with Databricks' SDK: the ObjectInfo the SDK reads for
// each kind of object, the query and body it sends, and its errors for a missing path and a protected folder.

import * as assert from 'node:assert/strict';
import type { workspace } from '@databricks/sdk-experimental';
import type { WorkspaceObject } from '../emulator';
import { lastRequest, rawAnswer, useSdkWorld, type SdkWorld } from './support/sdkWorld';
import { assertModelFields, assertSameId, assertSdkError, type ModelFields } from './support/wireChecks';

const OBJECT_FIELDS: ModelFields<workspace.ObjectInfo> = {
  created_at: true,
  language: true,
  modified_at: true,
  object_id: true,
  object_type: true,
  path: true,
  resource_id: true,
  size: true,
};

// Sent for directories since Git folders gained Git CLI access; this SDK's ObjectInfo predates it.
const BEYOND_OBJECT_INFO = { directory_info: 'directory_info.is_git_folder tells a Git-CLI folder from a directory' };

describe('conformance (Databricks SDK): workspace get-status and mkdirs', () => {
  let world: SdkWorld;
  useSdkWorld((started) => (world = started));

  function objectAt(path: string): WorkspaceObject {
    const object = world.emulator.state.workspace.object(path);
    assert.ok(object !== undefined, `${path} is not in the emulator's state`);
    return object;
  }

  /** get-status through the SDK: the query it sent, and the members every object type shares, against state. */
  async function getStatus(path: string): Promise<workspace.ObjectInfo> {
    const answer = await world.workspace.getStatus({ path });
    assert.deepEqual(lastRequest(world, 'GET /api/2.0/workspace/get-status').query, { path });
    const object = objectAt(path);
    assertModelFields(answer, OBJECT_FIELDS, BEYOND_OBJECT_INFO);
    assertSameId(answer.object_id, object.objectId);
    assert.equal(answer.resource_id, object.objectId.toString());
    assert.equal(answer.path, object.path);
    assert.deepEqual(answer, await rawAnswer(world, `/api/2.0/workspace/get-status?path=${encodeURIComponent(path)}`));
    return answer;
  }

  it('a directory: DIRECTORY, its id, path and directory_info', async () => {
    const answer = await getStatus(world.seed.workspace.applicationHome);
    assert.equal(answer.object_type, 'DIRECTORY');
    assert.deepEqual('directory_info' in answer ? answer.directory_info : undefined, { is_git_folder: false });
  });

  it('a Git folder: REPO; a Git folder with Git CLI access: DIRECTORY with is_git_folder', async () => {
    const { url } = world.seed.repository;
    const { workspace: state } = world.emulator.state;
    state.addGitFolder({ path: '/Repos/conformance-status/plain', url, provider: 'azureDevOpsServices', gitCliEnabled: false });
    state.addGitFolder({ path: '/Repos/conformance-status/cli', url, provider: 'azureDevOpsServices', gitCliEnabled: true });
    const plain = await getStatus('/Repos/conformance-status/plain');
    assert.equal(plain.object_type, 'REPO');
    const cli = await getStatus('/Repos/conformance-status/cli');
    assert.equal(cli.object_type, 'DIRECTORY');
    assert.deepEqual('directory_info' in cli ? cli.directory_info : undefined, { is_git_folder: true });
  });

  it('a notebook and a file: created_at, modified_at, language and size as the SDK model names them', async () => {
    const home = world.seed.workspace.applicationHome;
    const notebook = world.emulator.state.workspace.addNotebook(`${home}/status/notebook`);
    world.emulator.state.workspace.addFile(`${home}/status/data.csv`);
    const read = await getStatus(notebook.path);
    assert.deepEqual([read.object_type, read.language, read.created_at, read.modified_at], ['NOTEBOOK', 'PYTHON', notebook.createdAt, notebook.createdAt]);
    const file = await getStatus(`${home}/status/data.csv`);
    assert.deepEqual([file.object_type, file.size], ['FILE', 0]);
  });

  it('mkdirs: the emulator reads the path of the SDK body and makes the directory with its missing parents', async () => {
    const path = `${world.seed.workspace.applicationHome}/conformance/a/b`;
    assert.deepEqual(await world.workspace.mkdirs({ path }), {});
    assert.deepEqual(lastRequest(world, 'POST /api/2.0/workspace/mkdirs').body, { path });
    for (const made of [path, path.replace(/\/b$/, ''), path.replace(/\/a\/b$/, '')]) {
      assert.equal(objectAt(made).objectType, 'DIRECTORY', made);
    }
  });

  it("errors: a missing path is 404 RESOURCE_DOES_NOT_EXIST, a directory inside /Repos/<folder> 400 DIRECTORY_PROTECTED, in the SDK's ApiError", async () => {
    await assertSdkError(world.workspace.getStatus({ path: '/Repos/nobody/none' }), {
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: "Path (/Repos/nobody/none) doesn't exist.",
    });
    await assertSdkError(world.workspace.mkdirs({ path: '/Repos/conformance-protected/plain-directory' }), {
      status: 400,
      errorCode: 'DIRECTORY_PROTECTED',
      message: 'Top-level folder can only contain repos',
    });
  });
});
