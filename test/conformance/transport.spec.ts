// How Databricks' SDK reaches the emulator, and what the suite works around: the bearer token it sends, the TLS
// trust it needs, the config sources it must not read, 401s, its PATCH requests without a body, its double-typed ids.

import * as assert from 'node:assert/strict';
import fsPromises from 'node:fs/promises';
import * as https from 'node:https';
import { Config, WorkspaceClient } from '@databricks/sdk-experimental';
import * as sinon from 'sinon';
import { DATABRICKS_RESOURCE, type GitFolder } from '../emulator';
import { FIRST_ID, lastRequest, sdkConfig, useSdkWorld, type SdkWorld } from './support/sdkWorld';
import { assertSdkError } from './support/wireChecks';

describe('conformance (Databricks SDK): transport, auth and what the suite works around', () => {
  let world: SdkWorld;
  useSdkWorld((started) => (world = started));

  function seedFolder(path: string): GitFolder {
    const { url } = world.seed.repository;
    return world.emulator.state.workspace.addGitFolder({ path, url, provider: 'azureDevOpsServices', owner: world.seed.application.clientId });
  }

  it('sends the token PAT-style (Authorization: Bearer) with its user agent, to the emulator and nowhere else', async () => {
    const start = world.outgoing.seen.length;
    await world.stock.workspace.getStatus({ path: world.seed.workspace.applicationHome });
    const sent = world.outgoing.seen.slice(start);
    assert.equal(sent.length, 1);
    assert.deepEqual([sent[0].host, sent[0].method, sent[0].authorization], [new URL(world.emulator.url).host, 'GET', `Bearer ${world.token}`]);
    assert.match(sent[0].userAgent ?? '', /^repo-sync-conformance\/1\.0\.0 databricks-sdk-js\/\d+\.\d+\.\d+ nodejs\/\S+ os\/\S+ auth\/pat$/);
    assert.equal(lastRequest(world, 'GET /api/2.0/workspace/get-status').caller, world.seed.application.clientId);
  });

  it("verifies the emulator's certificate: without its CA in the agent, and with the SDK's own agent, the handshake fails", async () => {
    const withoutCa = new https.Agent({ rejectUnauthorized: true });
    const ownAgent = new WorkspaceClient(sdkConfig(world.emulator.url, world.token));
    try {
      const client = new WorkspaceClient(sdkConfig(world.emulator.url, world.token), { agent: withoutCa });
      await assert.rejects(client.workspace.getStatus({ path: '/' }), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      // the SDK's own agent checks certificates only because sdkConfig sets skipVerify: false
      await assert.rejects(ownAgent.workspace.getStatus({ path: '/' }), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    } finally {
      withoutCa.destroy();
      (await ownAgent.apiClient.getAgent()).destroy();
    }
  });

  it('reads neither DATABRICKS_* variables nor ~/.databrickscfg (the defaults would: the control below)', async () => {
    const variables = { DATABRICKS_HOST: 'https://databricks.invalid', DATABRICKS_CONFIG_PROFILE: 'conformance-absent' };
    const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, variables);
    const stat = sinon.spy(fsPromises, 'stat');
    const readFile = sinon.spy(fsPromises, 'readFile');
    const configFileReads = (): string[] =>
      [...stat.getCalls(), ...readFile.getCalls()].map((call) => String(call.args[0])).filter((file) => file.includes('.databrickscfg'));
    try {
      const config = sdkConfig(world.emulator.url, world.token);
      await new WorkspaceClient(config, { agent: world.agent }).workspace.getStatus({ path: '/' });
      assert.deepEqual([config.host, config.authType, configFileReads()], [world.emulator.url, 'pat', []]);
      const defaults = new Config({ host: world.emulator.url, token: world.token });
      await defaults.ensureResolved().catch(() => undefined);
      assert.notDeepEqual(configFileReads(), [], 'the spy sees the config file the default loaders look for');
    } finally {
      stat.restore();
      readFile.restore();
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("an expired token: 401 UNAUTHENTICATED in the SDK's ApiError", async () => {
    const expired = world.emulator.mintAccessToken({ clientId: world.seed.application.clientId, resource: DATABRICKS_RESOURCE, lifetimeSeconds: -60 });
    const client = new WorkspaceClient(sdkConfig(world.emulator.url, expired), { agent: world.agent });
    await assertSdkError(client.workspace.getStatus({ path: '/' }), { status: 401, errorCode: 'UNAUTHENTICATED', message: 'Token is expired.' });
  });

  it('the SDK as shipped sends PATCH without its body (why the suite uses PatchBodyApiClient)', async () => {
    const { credential_id } = await world.gitCredentials.create({ git_provider: 'gitHub', personal_access_token: 'ghp_conformance_token_0003' });
    await assertSdkError(world.stock.gitCredentials.update({ credential_id, git_provider: 'gitHub', name: 'renamed' }), {
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: 'Missing required field: git_provider',
    });
    assert.equal(lastRequest(world, 'PATCH /api/2.0/git-credentials/{id}').body, undefined);
    const folder = seedFolder('/Repos/conformance-stock/demo-repo');
    await assertSdkError(world.stock.repos.update({ repo_id: Number(folder.id), branch: 'dev' }), {
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: 'One of branch, tag or sparse_checkout must be specified.',
    });
    assert.equal(lastRequest(world, 'PATCH /api/2.0/repos/{id}').body, undefined);
    // worst of the three: the merge succeeds and changes nothing
    const before = structuredClone(folder.accessControl);
    await world.stock.repos.updatePermissions({ repo_id: folder.id.toString(), access_control_list: [{ group_name: 'users', permission_level: 'CAN_READ' }] });
    assert.equal(lastRequest(world, 'PATCH /api/2.0/permissions/repos/{id}').body, undefined);
    assert.deepEqual(folder.accessControl, before);
  });

  it(`reads int64 ids as doubles: an id above 2^53 loses digits (why the emulator's ids start at ${FIRST_ID})`, async () => {
    const folder = seedFolder('/Repos/conformance-int64/demo-repo');
    const databricksSized = 1234567890123456789n;
    world.emulator.faults.add({ method: 'GET', path: `/api/2.0/repos/${folder.id}`, status: 200, body: { id: databricksSized, path: folder.path } });
    const answer = await world.stock.repos.get({ repo_id: Number(folder.id) });
    assert.equal(answer.id, Number(databricksSized));
    assert.notEqual(BigInt(answer.id ?? 0), databricksSized);
  });
});
