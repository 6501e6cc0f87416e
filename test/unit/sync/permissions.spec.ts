// The folder's permissions: the ACL sent, and when a merge or a replace really changes the direct grants.

import assert from 'node:assert/strict';
import type { PermissionGrant } from '../../../tasks/DatabricksRepoSyncV1/src/options';
import type { RepoPermissions } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/types';
import type { DatabricksApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/types';
import {
  describePermissionsWrite,
  permissionsWouldChange,
  readPermissions,
  toAccessControlList,
  writePermissions,
  type PermissionsOutcome,
} from '../../../tasks/DatabricksRepoSyncV1/src/sync/permissions';
import type { SyncRequest } from '../../../tasks/DatabricksRepoSyncV1/src/syncTypes';
import { syncGitFolder } from '../../../tasks/DatabricksRepoSyncV1/src/sync';
import { databricksError } from './support/fakeDatabricks';
import { COMMIT, REPO_ID, RecordingLogger, existingFolder, syncRequest, workspace } from './support/fixtures';

const grants: PermissionGrant[] = [
  { principalType: 'user', principal: 'Ada@Contoso.com', level: 'CAN_READ' },
  { principalType: 'group', principal: 'admins-data', level: 'CAN_MANAGE' },
];

/** Read, then write: what the sync does around the checkout. */
async function applyPermissions(api: DatabricksApi, repoId: string, request: SyncRequest, log: RecordingLogger): Promise<PermissionsOutcome> {
  return writePermissions(api, repoId, await readPermissions(api, repoId, request), request, log);
}

function acl(...entries: [string, string, string, boolean?][]): RepoPermissions {
  return {
    access_control_list: entries.map(([field, name, level, inherited]) => ({
      [field]: name,
      all_permissions: [{ permission_level: level, inherited: inherited ?? false }],
    })),
  };
}

describe('sync/permissions', () => {
  it('maps grants to user_name, group_name and service_principal_name entries', () => {
    assert.deepEqual(toAccessControlList([...grants, { principalType: 'servicePrincipal', principal: 'app-id', level: 'CAN_RUN' }]), [
      { user_name: 'Ada@Contoso.com', permission_level: 'CAN_READ' },
      { group_name: 'admins-data', permission_level: 'CAN_MANAGE' },
      { service_principal_name: 'app-id', permission_level: 'CAN_RUN' },
    ]);
  });

  describe('permissionsWouldChange', () => {
    const inPlace = acl(['user_name', 'ada@contoso.com', 'CAN_READ'], ['group_name', 'admins-data', 'CAN_MANAGE']);

    it('merge: no change when every named principal already has exactly that direct level', () => {
      const withOthers = acl(
        ['user_name', 'ada@contoso.com', 'CAN_READ'],
        ['group_name', 'admins-data', 'CAN_MANAGE'],
        ['user_name', 'bob@contoso.com', 'CAN_EDIT'],
      );
      assert.equal(permissionsWouldChange(inPlace, grants, false), false);
      assert.equal(permissionsWouldChange(withOthers, grants, false), false);
    });

    it('merge: a change for another level, a missing principal, or a level that is only inherited', () => {
      const otherLevel = acl(['user_name', 'ada@contoso.com', 'CAN_EDIT'], ['group_name', 'admins-data', 'CAN_MANAGE']);
      const groupMissing = acl(['user_name', 'ada@contoso.com', 'CAN_READ']);
      const groupInherited = acl(['user_name', 'ada@contoso.com', 'CAN_READ'], ['group_name', 'admins-data', 'CAN_MANAGE', true]);
      for (const current of [otherLevel, groupMissing, groupInherited]) {
        assert.equal(permissionsWouldChange(current, grants, false), true);
      }
    });

    it('replace: also a change when someone else holds a direct level; inherited ones do not count', () => {
      const withOthers = acl(
        ['user_name', 'ada@contoso.com', 'CAN_READ'],
        ['group_name', 'admins-data', 'CAN_MANAGE'],
        ['group_name', 'admins', 'CAN_MANAGE', true],
      );
      assert.equal(permissionsWouldChange(withOthers, grants, true), false);
      const plusBob = acl(
        ['user_name', 'ada@contoso.com', 'CAN_READ'],
        ['group_name', 'admins-data', 'CAN_MANAGE'],
        ['user_name', 'bob@contoso.com', 'CAN_EDIT'],
      );
      assert.equal(permissionsWouldChange(plusBob, grants, true), true);
    });
  });

  it('describePermissionsWrite names the method and the grants', () => {
    assert.equal(
      describePermissionsWrite('42', syncRequest({ permissions: grants, replacePermissions: true })),
      'PUT /api/2.0/permissions/repos/42 (replace direct permissions with user:Ada@Contoso.com=CAN_READ, group:admins-data=CAN_MANAGE)',
    );
  });

  describe('readPermissions, then writePermissions', () => {
    it('no grants: no request at all', async () => {
      const fake = workspace();
      assert.deepEqual(await applyPermissions(fake, REPO_ID, syncRequest(), new RecordingLogger()), { changed: false, applied: [] });
      assert.deepEqual(fake.log.calls, []);
    });

    it('reads the ACL, merges with PATCH, and skips the write on the second run', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());
      const request = syncRequest({ permissions: grants });

      assert.deepEqual(await applyPermissions(fake, REPO_ID, request, new RecordingLogger()), { changed: true, applied: grants });
      const log = new RecordingLogger();
      assert.deepEqual(await applyPermissions(fake, REPO_ID, request, log), { changed: false, applied: [] });

      assert.deepEqual(fake.log.keys(), [
        `GET /api/2.0/permissions/repos/${REPO_ID}`,
        `PATCH /api/2.0/permissions/repos/${REPO_ID}`,
        `GET /api/2.0/permissions/repos/${REPO_ID}`,
      ]);
      assert.match(log.text(), /Permissions: already in place/);
    });

    it("names the permissions line when Databricks does not know its principal, and writes nothing else", async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());
      fake.log.failNext(`PATCH /api/2.0/permissions/repos/${REPO_ID}`, databricksError(400, 'INVALID_PARAMETER_VALUE', 'Principal: UserName(bob@contoso.com) does not exist'));
      const request = syncRequest({ permissions: [{ principalType: 'user', principal: 'Bob@contoso.com', level: 'CAN_READ' }] });

      await assert.rejects(applyPermissions(fake, REPO_ID, request, new RecordingLogger()), (error: Error) => {
        assert.match(error.message, /^permissions: the line 'user:Bob@contoso\.com=CAN_READ' names a user this workspace does not know \(Databricks: Principal: UserName\(bob@contoso\.com\) does not exist\)/);
        return true;
      });
    });

    it('replaces with PUT', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());

      await applyPermissions(fake, REPO_ID, syncRequest({ permissions: grants, replacePermissions: true }), new RecordingLogger());

      assert.deepEqual(fake.log.writes().map((c) => [c.method, c.body]), [['PUT', { access_control_list: toAccessControlList(grants) }]]);
    });

    it('says when a replace leaves the service principal itself without a direct CAN_MANAGE, and not when it keeps it', async () => {
      const clientId = '9f0c6a1e-0000-4000-8000-0000000000aa';
      const dropsOwn = new RecordingLogger();
      const fake = workspace();
      fake.addFolder(existingFolder());
      await applyPermissions(fake, REPO_ID, syncRequest({ permissions: grants, replacePermissions: true, clientId }), dropsOwn);
      assert.match(dropsOwn.text(), /next run fails with HTTP 403/);
      assert.match(dropsOwn.text(), new RegExp(`servicePrincipal:${clientId}=CAN_MANAGE`));

      const keepsOwn = new RecordingLogger();
      const own = [...grants, { principalType: 'servicePrincipal' as const, principal: clientId.toUpperCase(), level: 'CAN_MANAGE' as const }];
      const other = workspace();
      other.addFolder(existingFolder());
      await applyPermissions(other, REPO_ID, syncRequest({ permissions: own, replacePermissions: true, clientId }), keepsOwn);
      assert.doesNotMatch(keepsOwn.text(), /next run fails/);
    });
  });

  describe('in the whole sync', () => {
    const grants = [
      { principalType: 'group' as const, principal: 'data-engineers', level: 'CAN_EDIT' as const },
      { principalType: 'servicePrincipal' as const, principal: '9f0c6a1e-0000-4000-8000-000000000001', level: 'CAN_MANAGE' as const },
    ];

    it('reads the ACL beside the checkout, merges (PATCH) after it, and counts as a change', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder({ head_commit_id: COMMIT.main }));
      fake.log.requireInFlightTogether([`PATCH /api/2.0/repos/${REPO_ID}`, `GET /api/2.0/permissions/repos/${REPO_ID}`]);

      const result = await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' }, permissions: grants }), new RecordingLogger());

      const write = fake.log.writes().find((c) => c.path === `/api/2.0/permissions/repos/${REPO_ID}`);
      assert.equal(write?.method, 'PATCH');
      assert.deepEqual(write?.body, {
        access_control_list: [
          { group_name: 'data-engineers', permission_level: 'CAN_EDIT' },
          { service_principal_name: '9f0c6a1e-0000-4000-8000-000000000001', permission_level: 'CAN_MANAGE' },
        ],
      });
      assert.deepEqual([result.changed, result.folderAction, result.permissionsApplied], [true, 'unchanged', grants]);
      assert.equal(fake.log.rounds(), 5, 'get-status → repo GET → checkout PATCH ∥ ACL GET → repo GET → ACL PATCH');
      const keys = fake.log.keys();
      assert.ok(keys.indexOf(`PATCH /api/2.0/permissions/repos/${REPO_ID}`) > keys.lastIndexOf(`GET /api/2.0/repos/${REPO_ID}`));
    });

    it('replaces with PUT, and writes nothing on the next run when the ACL already matches', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder({ head_commit_id: COMMIT.main }));
      fake.acls.set(REPO_ID, [
        { user_name: 'someone@contoso.com', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] },
      ]);
      const request = syncRequest({ gitCredential: { mode: 'none' }, permissions: grants, replacePermissions: true });

      const first = await syncGitFolder(fake, request, new RecordingLogger());
      assert.ok(fake.log.writes().some((c) => c.method === 'PUT' && c.path === `/api/2.0/permissions/repos/${REPO_ID}`));
      assert.equal(first.changed, true);

      const writesBefore = fake.log.writes().length;
      const second = await syncGitFolder(fake, request, new RecordingLogger());
      assert.deepEqual(fake.log.writes().slice(writesBefore).map((c) => c.method), ['PATCH']);
      assert.deepEqual([second.changed, second.permissionsApplied], [false, []]);
    });

    it('sets permissions on a folder it just created', async () => {
      const fake = workspace();

      const result = await syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' }, permissions: grants }), new RecordingLogger());

      assert.ok(fake.log.writes().some((c) => c.method === 'PATCH' && c.path === `/api/2.0/permissions/repos/${result.repoId}`));
    });

    it('writes no permissions when the folder is not at expectedCommit (check out, verify, then permissions)', async () => {
      for (const replacePermissions of [false, true]) {
        const fake = workspace();
        fake.addFolder(existingFolder());
        const request = syncRequest({ gitCredential: { mode: 'none' }, permissions: grants, replacePermissions, expectedCommit: COMMIT.release });

        await assert.rejects(syncGitFolder(fake, request, new RecordingLogger()), /but expectedCommit is c{40}/);

        assert.deepEqual(fake.log.writes().map((c) => `${c.method} ${c.path}`), [`PATCH /api/2.0/repos/${REPO_ID}`]);
        assert.deepEqual(fake.acls.get(REPO_ID), undefined);
      }
    });

    it('writes no permissions when the checkout fails, even after the ACL read answered', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder());
      fake.log.failNext(`PATCH /api/2.0/repos/${REPO_ID}`, databricksError(400, 'GIT_UNKNOWN_REF', 'Remote branch does not exist'));

      await assert.rejects(
        syncGitFolder(fake, syncRequest({ gitCredential: { mode: 'none' }, permissions: grants }), new RecordingLogger()),
        { status: 400, errorCode: 'GIT_UNKNOWN_REF' },
      );

      assert.ok(fake.log.keys().includes(`GET /api/2.0/permissions/repos/${REPO_ID}`), 'the read still goes beside the checkout');
      assert.deepEqual(fake.log.writes().map((c) => `${c.method} ${c.path}`), [`PATCH /api/2.0/repos/${REPO_ID}`]);
    });
  });
});
