// Conformance of /api/2.0/permissions/repos/{id} with Databricks' SDK: get, update (PATCH, merge) and set (PUT,
// replace) of a Git folder's permissions as the SDK's typed client sends and reads them, and its errors.

import * as assert from 'node:assert/strict';
import type { workspace } from '@databricks/sdk-experimental';
import type { AccessControlEntry, GitFolder } from '../emulator';
import { lastRequest, rawAnswer, useSdkWorld, type SdkWorld } from './support/sdkWorld';
import { assertModelFields, assertSdkError, type ModelFields } from './support/wireChecks';

const PERMISSIONS_FIELDS: ModelFields<workspace.RepoPermissions> = { access_control_list: true, object_id: true, object_type: true };
const ENTRY_FIELDS: ModelFields<workspace.RepoAccessControlResponse> = {
  all_permissions: true,
  display_name: true,
  group_name: true,
  service_principal_name: true,
  user_name: true,
};
const PERMISSION_FIELDS: ModelFields<workspace.RepoPermission> = { inherited: true, inherited_from_object: true, permission_level: true };

describe('conformance (Databricks SDK): repo permissions', () => {
  let world: SdkWorld;
  let counter = 0;
  useSdkWorld((started) => (world = started));

  /** A Git folder the demo application created (so it holds CAN_MANAGE), seeded straight into the state. */
  function seedFolder(accessControl?: AccessControlEntry[]): GitFolder {
    counter += 1;
    const { url } = world.seed.repository;
    const path = `${world.seed.workspace.applicationHome}/permissions-${counter}/demo-repo`;
    return world.emulator.state.workspace.addGitFolder({ path, url, provider: 'azureDevOpsServices', owner: world.seed.application.clientId, accessControl });
  }

  /**
   * The SDK's answer against the folder's state: its direct entries in order, then the admins group inherited from
   * the parent directory — what Databricks answers for a Git folder — with every member named as the SDK model does.
   */
  function assertPermissions(answer: workspace.RepoPermissions, folder: GitFolder): void {
    assertModelFields(answer, PERMISSIONS_FIELDS);
    for (const entry of answer.access_control_list ?? []) {
      assertModelFields(entry, ENTRY_FIELDS);
      for (const permission of entry.all_permissions ?? []) {
        assertModelFields(permission, PERMISSION_FIELDS);
      }
    }
    const parent = folder.path.slice(0, folder.path.lastIndexOf('/'));
    const parentId = world.emulator.state.workspace.object(parent)?.objectId;
    const direct = folder.accessControl.map((entry) => ({
      [entry.principalField]: entry.principal,
      all_permissions: [{ permission_level: entry.permissionLevel, inherited: false }],
    }));
    const admins = { group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [`/directories/${String(parentId)}`] }] };
    assert.deepEqual(answer, { object_id: `/repos/${folder.id}`, object_type: 'repo', access_control_list: [...direct, admins] });
  }

  it("get: the typed RepoPermissions is the emulator's answer and matches the folder's state", async () => {
    const folder = seedFolder();
    const answer = await world.repos.getPermissions({ repo_id: folder.id.toString() });
    assertPermissions(answer, folder);
    assert.deepEqual(answer, await rawAnswer(world, `/api/2.0/permissions/repos/${folder.id}`));
  });

  it('update (PATCH): the emulator merges the access_control_list of the SDK body into the direct permissions', async () => {
    const folder = seedFolder();
    const access_control_list: workspace.RepoAccessControlRequest[] = [
      { group_name: 'data-engineers', permission_level: 'CAN_EDIT' },
      { user_name: world.seed.workspace.adminUser, permission_level: 'CAN_READ' },
    ];
    const answer = await world.repos.updatePermissions({ repo_id: folder.id.toString(), access_control_list });
    assert.deepEqual(lastRequest(world, 'PATCH /api/2.0/permissions/repos/{id}').body, { access_control_list });
    assert.deepEqual(folder.accessControl, [
      { principalField: 'service_principal_name', principal: world.seed.application.clientId, permissionLevel: 'CAN_MANAGE' },
      { principalField: 'group_name', principal: 'data-engineers', permissionLevel: 'CAN_EDIT' },
      { principalField: 'user_name', principal: world.seed.workspace.adminUser, permissionLevel: 'CAN_READ' },
    ]);
    assertPermissions(answer, folder);
  });

  it('set (PUT): the emulator replaces the direct permissions with the access_control_list of the SDK body', async () => {
    const folder = seedFolder();
    const access_control_list: workspace.RepoAccessControlRequest[] = [
      { service_principal_name: world.seed.application.clientId, permission_level: 'CAN_MANAGE' },
      { group_name: 'users', permission_level: 'CAN_READ' },
    ];
    const answer = await world.repos.setPermissions({ repo_id: folder.id.toString(), access_control_list });
    assert.deepEqual(lastRequest(world, 'PUT /api/2.0/permissions/repos/{id}').body, { access_control_list });
    assert.deepEqual(folder.accessControl, [
      { principalField: 'service_principal_name', principal: world.seed.application.clientId, permissionLevel: 'CAN_MANAGE' },
      { principalField: 'group_name', principal: 'users', permissionLevel: 'CAN_READ' },
    ]);
    assertPermissions(answer, folder);
  });

  it("errors in the SDK's ApiError: an unknown principal is 400 INVALID_PARAMETER_VALUE, a reader's write 403", async () => {
    const folder = seedFolder();
    await assertSdkError(
      world.repos.updatePermissions({ repo_id: folder.id.toString(), access_control_list: [{ user_name: 'nobody@contoso.com', permission_level: 'CAN_READ' }] }),
      { status: 400, errorCode: 'INVALID_PARAMETER_VALUE', message: 'Principal: UserName(nobody@contoso.com) does not exist' },
    );
    const readOnly = seedFolder([{ principalField: 'service_principal_name', principal: world.seed.application.clientId, permissionLevel: 'CAN_READ' }]);
    await assertSdkError(world.repos.setPermissions({ repo_id: readOnly.id.toString(), access_control_list: [] }), {
      status: 403,
      errorCode: 'PERMISSION_DENIED',
      message: `${world.seed.application.clientId} does not have Manage permissions on ${readOnly.path}. Please contact the owner or an administrator for access.`,
    });
    assert.deepEqual(readOnly.accessControl.length, 1);
  });
});
