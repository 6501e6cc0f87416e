// Databricks workspace, repos and permissions of the emulator: get-status and mkdirs rules, creating a Git folder
// against the remote model with the caller's credential, checkouts, pulls, dirty folders, permissions.

import * as assert from 'node:assert/strict';
import type { JsonValue } from '../../emulator/json';
import { member, startHarness, type Harness } from './harness';

describe('emulator: Databricks workspace and repos', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await startHarness();
    token = h.databricksToken();
    const json = { git_provider: 'azureDevOpsServices', personal_access_token: h.azureDevOpsToken() };
    const stored = await h.call({ method: 'POST', path: '/api/2.0/git-credentials', bearer: token, json });
    assert.equal(stored.status, 200, stored.text);
  });
  after(async () => h.emulator.stop());

  const api = (method: string, path: string, json?: JsonValue, bearer = token): ReturnType<Harness['call']> => h.call({ method, path, json, bearer });
  const createRepo = (path: string, extra: Record<string, JsonValue> = {}): ReturnType<Harness['call']> =>
    api('POST', '/api/2.0/repos', { url: `${h.seed.repository.url}.git`, provider: 'azureDevOpsServices', path, ...extra });

  it('get-status: directories, a miss, the /Workspace prefix, and a Git-CLI folder as DIRECTORY + is_git_folder', async () => {
    const repos = await api('GET', '/api/2.0/workspace/get-status?path=/Repos');
    assert.deepEqual([member(repos, 'object_type'), member(repos, 'directory_info')], ['DIRECTORY', { is_git_folder: false }]);
    h.emulator.state.workspace.reportDirectoryInfo = false;
    assert.equal(member(await api('GET', '/api/2.0/workspace/get-status?path=/Repos'), 'directory_info'), undefined);
    h.emulator.state.workspace.reportDirectoryInfo = true;
    const missing = await api('GET', '/api/2.0/workspace/get-status?path=/Repos/nobody/none');
    assert.deepEqual([missing.status, missing.json], [404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Path (/Repos/nobody/none) doesn't exist." }]);
    const folder = h.emulator.state.workspace.addGitFolder({
      path: '/Users/cli/project',
      url: h.seed.repository.url,
      provider: 'azureDevOpsServices',
      gitCliEnabled: true,
    });
    const status = await api('GET', '/api/2.0/workspace/get-status?path=/Workspace/Users/cli/project');
    assert.deepEqual([member(status, 'object_type'), member(status, 'directory_info')], ['DIRECTORY', { is_git_folder: true }]);
    assert.match(status.text, new RegExp(`"object_id":${folder.id.toString()}[,}]`));
    const repo = await api('GET', `/api/2.0/repos/${folder.id.toString()}`);
    assert.deepEqual([repo.status, member(repo, 'git_cli_enabled'), member(repo, 'branch')], [200, true, 'main']);
  });

  it('mkdirs: creates parents, refuses a plain folder inside /Repos/<folder> and a notebook in the way', async () => {
    assert.equal((await api('POST', '/api/2.0/workspace/mkdirs', { path: '/Repos/team' })).status, 200);
    const protectedDir = await api('POST', '/api/2.0/workspace/mkdirs', { path: '/Repos/team/sub' });
    assert.deepEqual(protectedDir.json, { error_code: 'DIRECTORY_PROTECTED', message: 'Top-level folder can only contain repos' });
    assert.equal(protectedDir.status, 400);
    h.emulator.state.workspace.addNotebook('/Shared/notes');
    const blocked = await api('POST', '/api/2.0/workspace/mkdirs', { path: '/Shared/notes/deeper' });
    assert.deepEqual([blocked.status, member(blocked, 'error_code')], [400, 'RESOURCE_ALREADY_EXISTS']);
  });

  it('create: clones the default branch, with exact int64 id; refuses bad paths, duplicates and bad sparse patterns', async () => {
    const missingParent = await createRepo('/Repos/absent/demo');
    assert.deepEqual([missingParent.status, member(missingParent, 'message')], [404, 'Parent directory /Repos/absent does not exist.']);
    assert.equal(member(await createRepo('/Repos/team/a/b'), 'message'), 'Invalid repo path specified');
    const created = await createRepo('/Workspace/Repos/team/demo');
    assert.equal(created.status, 200, created.text);
    const checkout = [member(created, 'path'), member(created, 'branch'), member(created, 'head_commit_id')];
    assert.deepEqual(checkout, ['/Repos/team/demo', 'main', h.seed.repository.branches.main]);
    assert.match(created.text, /"id":\d{19}[,}]/);
    const duplicate = await createRepo('/Repos/team/demo');
    assert.deepEqual([duplicate.status, member(duplicate, 'error_code')], [400, 'RESOURCE_ALREADY_EXISTS']);
    const sparse = await createRepo('/Repos/team/sparse', { sparse_checkout: { patterns: ['src/*'] } });
    assert.match(String(member(sparse, 'message')), /^Invalid sparse-checkout cone pattern/);
  });

  it('update: branch, unknown ref, tag (detached), pull of a moved branch, dirty folder and discard', async () => {
    const id = String(member(await createRepo('/Repos/team/checkout'), 'id'));
    const get = async (): Promise<[unknown, unknown]> => {
      const repo = await api('GET', `/api/2.0/repos/${id}`);
      return [member(repo, 'branch'), member(repo, 'head_commit_id')];
    };
    assert.deepEqual((await api('PATCH', `/api/2.0/repos/${id}`, { branch: 'feature/x' })).json, {});
    assert.deepEqual(await get(), ['feature/x', h.seed.repository.branches['feature/x']]);
    const unknown = await api('PATCH', `/api/2.0/repos/${id}`, { branch: 'nope' });
    assert.deepEqual([unknown.status, unknown.json], [400, { error_code: 'GIT_UNKNOWN_REF', message: 'Remote branch does not exist' }]);
    await api('PATCH', `/api/2.0/repos/${id}`, { tag: 'v1.0.0' });
    assert.deepEqual(await get(), [undefined, h.seed.repository.tags['v1.0.0']]);
    const moved = h.emulator.state.remotes.addCommit(h.seed.repository.url, 'main');
    await api('PATCH', `/api/2.0/repos/${id}`, { branch: 'main' });
    assert.deepEqual(await get(), ['main', moved]);
    h.emulator.state.workspace.setUncommittedChanges(BigInt(id), true);
    const dirty = await api('PATCH', `/api/2.0/repos/${id}`, { branch: 'dev' });
    assert.deepEqual([dirty.status, member(dirty, 'error_code')], [400, 'INVALID_STATE']);
    assert.match(String(member(dirty, 'message')), /uncommitted changes/);
    assert.equal((await api('PATCH', `/api/2.0/repos/${id}`, { branch: 'dev', dangerously_force_discard_all: true })).status, 200);
  });

  it('Git access: missing, expired and foreign credentials, non-members and Stakeholders', async () => {
    const ids = h.seed.managedIdentity;
    const miToken = h.databricksToken(ids.userAssignedClientId);
    const asMi = (json: JsonValue): ReturnType<Harness['call']> => api('POST', '/api/2.0/repos', json, miToken);
    const body = { url: h.seed.repository.url, provider: 'azureDevOpsServices', path: '/Repos/team/mi' };
    assert.match(String(member(await asMi(body), 'message')), /^Missing Git provider credentials/);
    const expiredToken = h.azureDevOpsToken({ clientId: ids.userAssignedClientId, lifetimeSeconds: -10 });
    const credential = await api('POST', '/api/2.0/git-credentials', { git_provider: 'azureDevOpsServices', personal_access_token: expiredToken }, miToken);
    const expired = await asMi(body);
    assert.deepEqual([expired.status, member(expired, 'error_code')], [403, 'PERMISSION_DENIED']);
    assert.match(String(member(expired, 'message')), /^Invalid Git provider credentials/);
    const credentialId = String(member(credential, 'credential_id'));
    const refresh = (clientId: string): ReturnType<Harness['call']> =>
      api(
        'PATCH',
        `/api/2.0/git-credentials/${credentialId}`,
        { git_provider: 'azureDevOpsServices', personal_access_token: h.azureDevOpsToken({ clientId }) },
        miToken,
      );
    await refresh(h.seed.outsider.clientId);
    assert.match(String(member(await asMi(body), 'message')), /^Encountered an error with your Azure Active Directory credentials/);
    await refresh(ids.userAssignedClientId);
    h.emulator.state.azureDevOps.addUser('demo-org', ids.userAssignedClientId, { accessLevel: 'stakeholder' });
    assert.match(String(member(await asMi(body), 'message')), /^Remote repo not found/);
    h.emulator.state.azureDevOps.addUser('demo-org', ids.userAssignedClientId);
    assert.equal((await asMi(body)).status, 200);
  });

  it('Git access with azureDevOpsServicesAad needs the app to trust <workspace>/oidc for its own client id', async () => {
    const listed = await api('GET', '/api/2.0/git-credentials');
    const [existing] = (listed.json as { credentials: { credential_id: string }[] }).credentials;
    const switched = await api('PATCH', `/api/2.0/git-credentials/${existing.credential_id}`, { git_provider: 'azureDevOpsServicesAad' });
    assert.equal(switched.status, 200, switched.text);
    assert.equal((await createRepo('/Repos/team/federated')).status, 200);
    const application = h.emulator.state.entra.application(h.seed.application.clientId);
    const trusted = application.federatedCredentials;
    application.federatedCredentials = trusted.filter((credential) => credential.issuer !== h.emulator.urls.workspaceOidcIssuer);
    try {
      const refused = await createRepo('/Repos/team/federated2');
      assert.match(String(member(refused, 'message')), /^Encountered an error with your Azure Active Directory credentials/);
    } finally {
      application.federatedCredentials = trusted;
    }
  });

  it('marks the deprecated listing in the log, and answers FEATURE_DISABLED when Repos is off', async () => {
    assert.equal((await api('GET', '/api/2.0/repos?path_prefix=/Repos')).status, 200);
    assert.equal(h.emulator.requests.deprecatedCalls().length, 1);
    h.emulator.state.workspace.reposEnabled = false;
    try {
      const disabled = await createRepo('/Repos/team/off');
      assert.deepEqual([disabled.status, disabled.json], [404, { error_code: 'FEATURE_DISABLED', message: 'Repos is not enabled.' }]);
    } finally {
      h.emulator.state.workspace.reposEnabled = true;
    }
  });

  it('permissions: merge, replace, invalid level, inherited CAN_MANAGE for admins, 403 without Manage', async () => {
    const id = String(member(await createRepo('/Repos/team/acl'), 'id'));
    const path = `/api/2.0/permissions/repos/${id}`;
    const merged = await api('PATCH', path, { access_control_list: [{ group_name: 'data-engineers', permission_level: 'CAN_RUN' }] });
    assert.equal(member(merged, 'object_id'), `/repos/${id}`);
    const entries = member(merged, 'access_control_list') as { group_name?: string; service_principal_name?: string }[];
    assert.deepEqual(entries.map((entry) => entry.group_name ?? entry.service_principal_name), [h.seed.application.clientId, 'data-engineers', 'admins']);
    const admins = entries[2] as { all_permissions: { permission_level: string; inherited: boolean; inherited_from_object: string[] }[] };
    assert.deepEqual([admins.all_permissions[0].permission_level, admins.all_permissions[0].inherited], ['CAN_MANAGE', true]);
    assert.match(admins.all_permissions[0].inherited_from_object[0], /^\/directories\/\d+$/);
    const bad = await api('PUT', path, { access_control_list: [{ user_name: 'alice@contoso.com', permission_level: 'CAN_FLY' }] });
    assert.deepEqual([bad.status, member(bad, 'error_code')], [400, 'INVALID_PARAMETER_VALUE']);
    const replaced = await api('PUT', path, { access_control_list: [{ user_name: 'alice@contoso.com', permission_level: 'CAN_MANAGE' }] });
    assert.equal((member(replaced, 'access_control_list') as unknown[]).length, 2);
    const denied = await api('PATCH', `/api/2.0/repos/${id}`, { branch: 'dev' });
    assert.deepEqual([denied.status, member(denied, 'error_code')], [403, 'PERMISSION_DENIED']);
  });
});
