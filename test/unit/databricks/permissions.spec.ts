// Specs of the repo permissions API: GET, PATCH (merge) and PUT (replace) with {access_control_list}.

import * as assert from 'node:assert/strict';
import { createPermissionsApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/permissions';
import { RepoPaths } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/repos';
import { fakeClient, fakeHttp, HOST, sentBody } from './fakeHttp';

const ID = '1234567890123456789';
const ACL = [
  { user_name: 'ana@example.com', permission_level: 'CAN_READ' },
  { group_name: 'data-eng', permission_level: 'CAN_EDIT' },
  { service_principal_name: '00000000-0000-0000-0000-000000000001', permission_level: 'CAN_MANAGE' },
];
const ANSWER = '{"object_id": "/repos/1234567890123456789", "object_type": "repo", "access_control_list": []}';

describe('databricks/permissions', () => {
  it('reads with GET /api/2.0/permissions/repos/{id}', async () => {
    const http = fakeHttp();
    http.answer({ text: ANSWER });
    const permissions = await createPermissionsApi(fakeClient(http)).get(ID);
    assert.equal(permissions.object_id, '/repos/1234567890123456789');
    assert.equal(http.requests[0].method, 'GET');
    assert.equal(http.requests[0].url, `${HOST}/api/2.0/permissions/repos/${ID}`);
  });

  it('merges with PATCH and replaces with PUT, both with {access_control_list}', async () => {
    const http = fakeHttp();
    http.answer({ text: ANSWER }, { text: ANSWER });
    const api = createPermissionsApi(fakeClient(http));
    await api.update(ID, ACL);
    await api.set(ID, ACL);
    assert.deepEqual(
      http.requests.map((request) => [request.method, request.url, sentBody(request)]),
      [
        ['PATCH', `${HOST}/api/2.0/permissions/repos/${ID}`, { access_control_list: ACL }],
        ['PUT', `${HOST}/api/2.0/permissions/repos/${ID}`, { access_control_list: ACL }],
      ],
    );
  });

  it('names the folder by its path in failures', async () => {
    const http = fakeHttp();
    http.answer({ status: 403, text: '{"error_code":"PERMISSION_DENIED","message":"no"}' });
    const paths = new RepoPaths();
    paths.remember({ id: ID, path: '/Repos/ci/app' });
    await assert.rejects(createPermissionsApi(fakeClient(http), paths).set(ID, ACL), /Replacing the permissions of \/Repos\/ci\/app failed: HTTP 403/);
  });
});
