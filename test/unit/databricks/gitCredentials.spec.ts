// Specs of the Git credentials API: method, path and body of list, create and update.

import * as assert from 'node:assert/strict';
import { createGitCredentialsApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/gitCredentials';
import { fakeClient, fakeHttp, HOST, sentBody } from './fakeHttp';

describe('databricks/gitCredentials', () => {
  it('lists with GET /api/2.0/git-credentials, ids as strings', async () => {
    const http = fakeHttp();
    http.answer({ text: '{"credentials":[{"credential_id": 1234567890123456789, "git_provider": "azureDevOpsServices"}]}' });
    const credentials = await createGitCredentialsApi(fakeClient(http)).list();
    assert.deepEqual(credentials, [{ credential_id: '1234567890123456789', git_provider: 'azureDevOpsServices' }]);
    assert.equal(http.requests[0].method, 'GET');
    assert.equal(http.requests[0].url, `${HOST}/api/2.0/git-credentials`);
  });

  it('lists an empty array when the answer has no credentials', async () => {
    const http = fakeHttp();
    http.answer({ text: '{}' });
    assert.deepEqual(await createGitCredentialsApi(fakeClient(http)).list(), []);
  });

  it('creates with a non-idempotent POST of the full body', async () => {
    const http = fakeHttp();
    http.answer({ text: '{"credential_id": 98765432109876543, "git_provider": "gitHub"}' });
    const body = { git_provider: 'gitHub', git_username: 'ci', personal_access_token: 'ghp_secret' };
    const created = await createGitCredentialsApi(fakeClient(http)).create(body);
    assert.equal(created.credential_id, '98765432109876543');
    const [request] = http.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${HOST}/api/2.0/git-credentials`);
    assert.equal(request.idempotent, false);
    assert.deepEqual(sentBody(request), body);
    assert.ok(!request.operation?.includes('ghp_secret'));
  });

  it('updates with PATCH /api/2.0/git-credentials/{id} and the full body', async () => {
    const http = fakeHttp();
    const body = { git_provider: 'azureDevOpsServices', personal_access_token: 'entra-token' };
    await createGitCredentialsApi(fakeClient(http)).update('1234567890123456789', body);
    const [request] = http.requests;
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, `${HOST}/api/2.0/git-credentials/1234567890123456789`);
    assert.deepEqual(sentBody(request), body);
    assert.notEqual(request.idempotent, false);
  });
});
