// Conformance of /api/2.0/git-credentials with Databricks' SDK: create, list, get, update and delete as the SDK's
// typed client sends and reads them, and the SDK's errors for a missing credential and a second one per provider.

import * as assert from 'node:assert/strict';
import type { workspace } from '@databricks/sdk-experimental';
import { REDACTED, type GitCredential } from '../emulator';
import { isJsonObject } from '../emulator/json';
import { lastRequest, rawAnswer, useSdkWorld, type SdkWorld } from './support/sdkWorld';
import { assertModelFields, assertSameId, assertSdkError, collect, type ModelFields } from './support/wireChecks';

// CredentialInfo, CreateCredentialsResponse and GetCredentialsResponse declare the same members.
const CREDENTIAL_FIELDS: ModelFields<workspace.CredentialInfo> = {
  credential_id: true,
  git_email: true,
  git_provider: true,
  git_username: true,
  is_default_for_provider: true,
  name: true,
};

const GITHUB_CREDENTIAL: workspace.CreateCredentialsRequest = {
  git_provider: 'gitHub',
  git_username: 'repo-sync',
  git_email: 'ci@contoso.com',
  name: 'conformance',
  is_default_for_provider: true,
  personal_access_token: 'ghp_conformance_token_0001',
};

describe('conformance (Databricks SDK): Git credentials', () => {
  let world: SdkWorld;
  useSdkWorld((started) => (world = started));
  beforeEach(() => world.emulator.state.workspace.gitCredentials.clear());

  function stored(id: number): GitCredential {
    const credential = world.emulator.state.workspace.gitCredentials.get(String(id));
    assert.ok(credential !== undefined, `credential ${id} is not in the emulator's state`);
    return credential;
  }

  /** Each member of the SDK's answer holds what the emulator stored (read from state, not from its JSON). */
  function assertCredential(answer: workspace.CredentialInfo, credential: GitCredential): void {
    assertModelFields(answer, CREDENTIAL_FIELDS);
    assertSameId(answer.credential_id, credential.id);
    assert.deepEqual(
      [answer.git_provider, answer.git_username, answer.git_email, answer.name, answer.is_default_for_provider],
      [credential.gitProvider, credential.gitUsername, credential.gitEmail, credential.name, credential.isDefaultForProvider],
    );
  }

  it('create: the emulator stores every field of the SDK body, and the typed answer holds them (never the token)', async () => {
    const created = await world.gitCredentials.create(GITHUB_CREDENTIAL);
    const credential = stored(created.credential_id);
    assertCredential(created, credential);
    assert.equal(credential.personalAccessToken, GITHUB_CREDENTIAL.personal_access_token);
    assert.equal(credential.owner, world.seed.application.clientId);
    assert.deepEqual(lastRequest(world, 'POST /api/2.0/git-credentials').body, { ...GITHUB_CREDENTIAL, personal_access_token: REDACTED });
  });

  it('create: a federated azureDevOpsServicesAad credential (no token, no username), as the task makes it', async () => {
    const created = await world.gitCredentials.create({ git_provider: 'azureDevOpsServicesAad' });
    const credential = stored(created.credential_id);
    assertCredential(created, credential);
    assert.equal(created.git_provider, 'azureDevOpsServicesAad');
    assert.equal(credential.personalAccessToken, undefined);
  });

  it("list: each CredentialInfo the SDK yields is the emulator's answer and matches its state", async () => {
    await world.gitCredentials.create(GITHUB_CREDENTIAL);
    await world.gitCredentials.create({ git_provider: 'azureDevOpsServices', personal_access_token: 'ado-token-0001', name: 'ado' });
    const listed = await collect(world.gitCredentials.list());
    assert.equal(listed.length, 2);
    for (const answer of listed) {
      assertCredential(answer, stored(answer.credential_id));
    }
    const raw = await rawAnswer(world, '/api/2.0/git-credentials');
    assert.ok(isJsonObject(raw));
    assert.deepEqual(listed, raw.credentials);
  });

  it("get: the typed GetCredentialsResponse is the emulator's answer and matches its state", async () => {
    const { credential_id } = await world.gitCredentials.create(GITHUB_CREDENTIAL);
    const answer = await world.gitCredentials.get({ credential_id });
    assertCredential(answer, stored(credential_id));
    assert.deepEqual(answer, await rawAnswer(world, `/api/2.0/git-credentials/${credential_id}`));
  });

  it('update (PATCH): the emulator applies every field of the SDK body; the id travels in the path', async () => {
    const { credential_id } = await world.gitCredentials.create(GITHUB_CREDENTIAL);
    const change = {
      git_provider: 'gitHub',
      git_username: 'repo-sync-2',
      git_email: 'ci-2@contoso.com',
      name: 'renamed',
      is_default_for_provider: false,
      personal_access_token: 'ghp_conformance_token_0002',
    };
    assert.deepEqual(await world.gitCredentials.update({ credential_id, ...change }), {});
    const sent = lastRequest(world, 'PATCH /api/2.0/git-credentials/{id}');
    assert.equal(sent.path, `/api/2.0/git-credentials/${credential_id}`);
    assert.deepEqual(sent.body, { ...change, personal_access_token: REDACTED });
    const credential = stored(credential_id);
    assert.deepEqual(
      [credential.gitUsername, credential.gitEmail, credential.name, credential.isDefaultForProvider, credential.personalAccessToken],
      [change.git_username, change.git_email, change.name, change.is_default_for_provider, change.personal_access_token],
    );
    assertCredential(await world.gitCredentials.get({ credential_id }), credential);
  });

  it("delete: the credential is gone, and a get then fails with RESOURCE_DOES_NOT_EXIST in the SDK's ApiError", async () => {
    const { credential_id } = await world.gitCredentials.create(GITHUB_CREDENTIAL);
    assert.deepEqual(await world.gitCredentials.delete({ credential_id }), {});
    assert.equal(world.emulator.state.workspace.gitCredentials.has(String(credential_id)), false);
    await assertSdkError(world.gitCredentials.get({ credential_id }), {
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: `Credential with id ${credential_id} does not exist.`,
    });
  });

  it("a second credential for one provider (service principal): 409 RESOURCE_ALREADY_EXISTS in the SDK's ApiError", async () => {
    await world.gitCredentials.create(GITHUB_CREDENTIAL);
    await assertSdkError(world.gitCredentials.create({ ...GITHUB_CREDENTIAL, name: 'second' }), {
      status: 409,
      errorCode: 'RESOURCE_ALREADY_EXISTS',
      message: 'A Git credential already exists for provider gitHub. Only one credential per provider is allowed for service principals.',
    });
    assert.equal(world.emulator.state.workspace.gitCredentials.size, 1);
  });
});
