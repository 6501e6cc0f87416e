// Specs of the repos API: get (404 → undefined), create (not blindly retried), update, delete; folder names in errors.

import * as assert from 'node:assert/strict';
import { DatabricksError } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import { createReposApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/repos';
import { fakeClient, fakeHttp, HOST, sentBody } from './fakeHttp';

const ID = '1234567890123456789';
const REPO_JSON = `{"id": ${ID}, "path": "/Repos/ci/app", "url": "https://dev.azure.com/o/p/_git/r", "provider": "azureDevOpsServices", "branch": "main", "head_commit_id": "abcabcabcabcabcabcabcabcabcabcabcabcabca"}`;

describe('databricks/repos', () => {
  it('gets GET /api/2.0/repos/{id} with the id exact', async () => {
    const http = fakeHttp();
    http.answer({ text: REPO_JSON });
    const repo = await createReposApi(fakeClient(http)).get(ID);
    assert.equal(repo?.id, ID);
    assert.equal(repo?.head_commit_id, 'abcabcabcabcabcabcabcabcabcabcabcabcabca');
    assert.equal(http.requests[0].method, 'GET');
    assert.equal(http.requests[0].url, `${HOST}/api/2.0/repos/${ID}`);
  });

  it('gets undefined for a 404', async () => {
    const http = fakeHttp();
    http.answer({ status: 404, text: '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Repo could not be found"}' });
    assert.equal(await createReposApi(fakeClient(http)).get(ID), undefined);
  });

  it('creates with a non-idempotent POST /api/2.0/repos', async () => {
    const http = fakeHttp();
    http.answer({ text: REPO_JSON });
    const body = { url: 'https://dev.azure.com/o/p/_git/r', provider: 'azureDevOpsServices', path: '/Repos/ci/app', sparse_checkout: { patterns: ['src'] } };
    const repo = await createReposApi(fakeClient(http)).create(body);
    assert.equal(repo.id, ID);
    const [request] = http.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${HOST}/api/2.0/repos`);
    assert.equal(request.idempotent, false);
    assert.deepEqual(sentBody(request), body);
  });

  it('updates with PATCH /api/2.0/repos/{id}', async () => {
    const http = fakeHttp();
    http.answer({ text: '{}' });
    const body = { branch: 'main', dangerously_force_discard_all: true };
    assert.deepEqual(await createReposApi(fakeClient(http)).update(ID, body), {});
    const [request] = http.requests;
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, `${HOST}/api/2.0/repos/${ID}`);
    assert.deepEqual(sentBody(request), body);
  });

  it('names the folder by the path it was seen with when a checkout fails', async () => {
    const http = fakeHttp();
    http.answer({ text: REPO_JSON }, { status: 400, text: '{"error_code":"GIT_UNKNOWN_REF","message":"Remote branch does not exist."}' });
    const repos = createReposApi(fakeClient(http));
    await repos.get(ID);
    await assert.rejects(repos.update(ID, { branch: 'main' }), (error: unknown) => {
      assert.ok(error instanceof DatabricksError);
      assert.match(error.message, /^Checking out branch 'main' in \/Repos\/ci\/app failed: HTTP 400 GIT_UNKNOWN_REF/);
      return true;
    });
  });

  it('names tags and unknown folders too', async () => {
    const http = fakeHttp();
    http.answer({ status: 400, text: '{"error_code":"GIT_UNKNOWN_REF","message":"x"}' });
    await assert.rejects(createReposApi(fakeClient(http)).update('7', { tag: 'v1' }), /^DatabricksError: Checking out tag 'v1' in the Git folder with id 7 failed/);
  });

  it('deletes with DELETE /api/2.0/repos/{id}; already gone is fine', async () => {
    const http = fakeHttp();
    http.answer({ text: '' }, { status: 404, text: '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"gone"}' });
    const repos = createReposApi(fakeClient(http));
    await repos.delete(ID);
    await repos.delete(ID);
    assert.deepEqual(
      http.requests.map((request) => [request.method, request.url, request.body]),
      [
        ['DELETE', `${HOST}/api/2.0/repos/${ID}`, undefined],
        ['DELETE', `${HOST}/api/2.0/repos/${ID}`, undefined],
      ],
    );
  });
});
