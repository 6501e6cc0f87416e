// Databricks git-credentials of the emulator: caller check, one credential per provider, the AAD provider rule,
// PATCH needing git_provider, write-only tokens and int64 ids written as exact JSON numbers.

import * as assert from 'node:assert/strict';
import { member, startHarness, type Harness } from './harness';

describe('emulator: Databricks git-credentials', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.emulator.stop());

  const credentials = (method: string, bearer: string, json?: Record<string, string>, id = ''): ReturnType<Harness['call']> =>
    h.call({ method, path: `/api/2.0/git-credentials${id === '' ? '' : `/${id}`}`, bearer, json });

  it('answers 401 without a token and for an Azure DevOps token, and a 403 HTML page for an identity not in the workspace', async () => {
    assert.equal((await h.call({ path: '/api/2.0/git-credentials' })).status, 401);
    assert.equal((await credentials('GET', h.azureDevOpsToken())).status, 401);
    const outsider = await credentials('GET', h.databricksToken(h.seed.outsider.clientId));
    assert.equal(outsider.status, 403);
    assert.match(outsider.text, /<title>Error 403 User not authorized\.<\/title>[\s\S]*<pre>\s+User not authorized\.<\/pre>/);
  });

  it('creates, lists with the id as an exact JSON number, refuses a second one per provider (409), patches and deletes', async () => {
    const token = h.databricksToken();
    const created = await credentials('POST', token, { git_provider: 'AzureDevOpsServices', personal_access_token: h.azureDevOpsToken() });
    assert.equal(created.status, 200, created.text);
    const id = String(member(created, 'credential_id'));
    assert.ok(BigInt(id) > 2n ** 53n);
    assert.match(created.text, new RegExp(`"credential_id":${id}[,}]`));
    assert.equal(member(created, 'git_provider'), 'azureDevOpsServices');
    assert.equal(created.text.includes('personal_access_token'), false);

    const second = await credentials('POST', token, { git_provider: 'azureDevOpsServices', personal_access_token: 'x' });
    assert.equal(second.status, 409);
    assert.equal(member(second, 'message'), 'A Git credential already exists for provider azureDevOpsServices. Only one credential per provider is allowed for service principals.');

    const listed = await credentials('GET', token);
    assert.match(listed.text, new RegExp(`"credential_id":${id}[,}]`));

    const withoutProvider = await credentials('PATCH', token, { personal_access_token: 'y' }, id);
    assert.equal(withoutProvider.status, 400);
    const patched = await credentials('PATCH', token, { git_provider: 'azureDevOpsServices', personal_access_token: h.azureDevOpsToken() }, id);
    assert.deepEqual([patched.status, patched.json], [200, {}]);
    assert.equal((await credentials('DELETE', token, undefined, id)).status, 200);
    assert.equal((await credentials('GET', token, undefined, id)).status, 404);
  });

  it('refuses a token or username with azureDevOpsServicesAad, and an unknown provider', async () => {
    const token = h.databricksToken(h.seed.managedIdentity.userAssignedClientId);
    const withToken = await credentials('POST', token, { git_provider: 'azureDevOpsServicesAad', personal_access_token: 'x' });
    assert.deepEqual([withToken.status, member(withToken, 'message')], [
      400,
      'Please do not specify personal_access_token or git_username when git_provider is set to azureDevOpsServicesAad.',
    ]);
    assert.equal((await credentials('POST', token, { git_provider: 'azureDevOpsServicesAad' })).status, 200);
    const unknown = await credentials('POST', token, { git_provider: 'svn' });
    assert.deepEqual([unknown.status, member(unknown, 'error_code')], [400, 'INVALID_PARAMETER_VALUE']);
  });
});
