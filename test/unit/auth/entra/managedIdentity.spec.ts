// Specs of the managed identity handler against an App Service style identity endpoint on 127.0.0.1.

import * as assert from 'node:assert/strict';
import { acquireWithManagedIdentity } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/managedIdentity';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { AuthFixture, rejectionOf } from '../support/authFixture';
import { IDENTITY_HEADER_VALUE, MANAGED_IDENTITY_PATH, type ReceivedRequest, type Reply } from '../support/identityServer';
import { tokenValues } from '../support/tokenValues';

const DATABRICKS_RESOURCE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
const USER_ASSIGNED = '99999999-8888-7777-6666-555555555555';

const noIdentity = (): Reply => ({ status: 400, body: { statusCode: 400, message: 'No managed identity for the Databricks resource.' } });

async function tick(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

// MSAL keeps the identity source, and the network client of the first app, for the whole process (see
// AuthFixture.managedIdentity), so this spec asserts on what the identity server received, not on its HttpClient.
describe('auth/managedIdentity', () => {
  let fixture: AuthFixture;

  before(async () => {
    fixture = await AuthFixture.managedIdentity();
  });
  beforeEach(() => fixture.reset());
  afterEach(() => fixture.restore());
  after(() => fixture.stop());

  it('asks the identity endpoint for the Databricks resource as the system-assigned identity', async () => {
    const tokens = await tokenValues(acquireWithManagedIdentity({ kind: 'managedIdentity' }, { azureDevOps: false }, fixture.deps));

    const [request, ...others] = fixture.server.received;
    assert.equal(others.length, 0);
    assert.equal(request.method, 'GET');
    assert.equal(request.path, MANAGED_IDENTITY_PATH);
    assert.equal(request.query.get('api-version'), '2019-08-01');
    assert.equal(request.query.get('resource'), DATABRICKS_RESOURCE);
    assert.equal(request.query.get('client_id'), null);
    assert.equal(request.headers['x-identity-header'], IDENTITY_HEADER_VALUE);
    assert.equal(tokens.databricks, fixture.server.issued[0]);
    assert.equal(tokens.azureDevOps, undefined);
    assert.equal(tokens.clientId, undefined);
    assert.equal(fixture.fetch?.called, false);
  });

  it('asks for both resources at the same time as the user-assigned identity', async () => {
    fixture.server.onManagedIdentity = fixture.server.holdFirstUntilSecond((request) =>
      fixture.server.issueManagedIdentityToken(request),
    );

    const tokens = await tokenValues(acquireWithManagedIdentity(
      { kind: 'managedIdentity', clientId: USER_ASSIGNED },
      { azureDevOps: true },
      fixture.deps,
    ));

    const resources = fixture.server.received.map((request) => request.query.get('resource'));
    assert.deepEqual([...resources].sort(), [DATABRICKS_RESOURCE, AZURE_DEVOPS_RESOURCE].sort());
    assert.ok(fixture.server.received.every((request) => request.query.get('client_id') === USER_ASSIGNED));
    assert.ok(tokens.databricks.startsWith(`mi-${DATABRICKS_RESOURCE}-`));
    assert.ok(tokens.azureDevOps?.startsWith(`mi-${AZURE_DEVOPS_RESOURCE}-`));
    assert.equal(tokens.clientId, USER_ASSIGNED);
  });

  it("never answers from MSAL's process-wide cache", async () => {
    const first = await acquireWithManagedIdentity({ kind: 'managedIdentity' }, { azureDevOps: false }, fixture.deps);
    const second = await acquireWithManagedIdentity({ kind: 'managedIdentity' }, { azureDevOps: false }, fixture.deps);

    assert.notEqual(first.databricks, second.databricks);
    assert.equal(fixture.server.received.length, 2);
  });

  it('registers every token with setSecret', async () => {
    const tokens = await tokenValues(acquireWithManagedIdentity({ kind: 'managedIdentity' }, { azureDevOps: true }, fixture.deps));

    assert.deepEqual([...fixture.secrets].sort(), [tokens.databricks, tokens.azureDevOps as string].sort());
  });

  it("fails with the endpoint's neutralised message", async () => {
    fixture.server.onManagedIdentity = () => ({
      status: 400,
      body: { statusCode: 400, message: 'No User Assigned Managed Identity found for specified ClientId ##[error]x.' },
    });

    const error = await rejectionOf(
      acquireWithManagedIdentity({ kind: 'managedIdentity', clientId: USER_ASSIGNED }, { azureDevOps: false }, fixture.deps),
    );

    assert.ok(error instanceof AuthError);
    assert.match(error.message, /^Getting a managed identity token failed: .*No User Assigned Managed Identity found/);
    assert.doesNotMatch(error.message, /##\[/);
  });

  it("does not reject before the other resource's request settled", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let azureDevOpsAnswered = false;
    fixture.server.onManagedIdentity = async (request: ReceivedRequest): Promise<Reply> => {
      if (request.query.get('resource') === DATABRICKS_RESOURCE) return noIdentity();
      await held;
      azureDevOpsAnswered = true;
      return fixture.server.issueManagedIdentityToken(request);
    };
    let rejected = false;
    const acquiring = acquireWithManagedIdentity({ kind: 'managedIdentity' }, { azureDevOps: true }, fixture.deps);
    acquiring.catch(() => (rejected = true));

    while (fixture.server.received.length < 2) await tick(5);
    await tick(100);
    assert.equal(rejected, false, 'rejected while the Azure DevOps request was still running');
    release();

    const error = await rejectionOf(acquiring);
    assert.equal(azureDevOpsAnswered, true);
    assert.ok(error instanceof AuthError);
    assert.match(error.message, /No managed identity for the Databricks resource/);
  });

  it("reports the Databricks resource's error even when the Azure DevOps one failed first", async () => {
    let release: () => void = () => undefined;
    const azureDevOpsArrived = new Promise<void>((resolve) => (release = resolve));
    fixture.server.onManagedIdentity = async (request: ReceivedRequest): Promise<Reply> => {
      if (request.query.get('resource') === DATABRICKS_RESOURCE) {
        // answers well after the Azure DevOps error arrived, so Promise.all would have rejected with that one
        await azureDevOpsArrived;
        await tick(50);
        return noIdentity();
      }
      release();
      return { status: 400, body: { statusCode: 400, message: 'No access to the Azure DevOps resource.' } };
    };

    const error = await rejectionOf(acquireWithManagedIdentity({ kind: 'managedIdentity' }, { azureDevOps: true }, fixture.deps));

    assert.match(error.message, /No managed identity for the Databricks resource/);
  });
});
