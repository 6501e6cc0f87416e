// Specs of the workspace API: get-status with an encoded path (404 → undefined) and mkdirs.

import * as assert from 'node:assert/strict';
import { createWorkspaceApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/workspace';
import { DatabricksError } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import { fakeClient, fakeHttp, HOST, sentBody } from './fakeHttp';

describe('databricks/workspace', () => {
  it('gets the status with the path encoded in the query, object_id as a string', async () => {
    const http = fakeHttp();
    http.answer({ text: '{"object_id": 1234567890123456789, "object_type": "REPO", "path": "/Repos/ci/my app&co"}' });
    const info = await createWorkspaceApi(fakeClient(http)).getStatus('/Repos/ci/my app&co');
    assert.deepEqual(info, { object_id: '1234567890123456789', object_type: 'REPO', path: '/Repos/ci/my app&co' });
    assert.equal(http.requests[0].method, 'GET');
    assert.equal(http.requests[0].url, `${HOST}/api/2.0/workspace/get-status?path=%2FRepos%2Fci%2Fmy%20app%26co`);
    assert.equal(new URL(http.requests[0].url).searchParams.get('path'), '/Repos/ci/my app&co');
  });

  it('answers undefined when the path does not exist', async () => {
    const http = fakeHttp();
    http.answer({ status: 404, text: '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/Repos/ci/app) doesn\'t exist."}' });
    assert.equal(await createWorkspaceApi(fakeClient(http)).getStatus('/Repos/ci/app'), undefined);
  });

  it('fails on other errors, naming the path', async () => {
    const http = fakeHttp();
    http.answer({ status: 403, text: '{"error_code":"PERMISSION_DENIED","message":"no"}' });
    await assert.rejects(createWorkspaceApi(fakeClient(http)).getStatus('/Repos/ci/app'), (error: unknown) => {
      assert.ok(error instanceof DatabricksError);
      assert.match(error.message, /^Looking up \/Repos\/ci\/app failed: HTTP 403 PERMISSION_DENIED/);
      return true;
    });
  });

  it('creates folders with POST /api/2.0/workspace/mkdirs {path}, safe to retry', async () => {
    const http = fakeHttp();
    await createWorkspaceApi(fakeClient(http)).mkdirs('/Repos/ci');
    const [request] = http.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${HOST}/api/2.0/workspace/mkdirs`);
    assert.deepEqual(sentBody(request), { path: '/Repos/ci' });
    assert.equal(request.idempotent, true);
  });
});
