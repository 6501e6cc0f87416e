// Specs of workload identity federation: the pipeline's ID token as client assertion, a fresh one per token request.

import * as assert from 'node:assert/strict';
import { acquireWithFederation } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/federation';
import type { FederationSource } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/federation';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { IdTokenSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { AuthFixture, CLIENT_ID, rejectionOf, TENANT } from '../support/authFixture';
import { entraError, OIDC_PATH } from '../support/identityServer';
import { tokenValues } from '../support/tokenValues';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CONNECTION = 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb';

describe('auth/federation', () => {
  let fixture: AuthFixture;
  const source = (idToken: IdTokenSource): FederationSource => ({
    kind: 'federation',
    authorityHost: fixture.server.origin,
    tenantId: TENANT,
    clientId: CLIENT_ID,
    idToken,
  });
  const requested = (): IdTokenSource => ({
    kind: 'request',
    serviceConnectionId: CONNECTION,
    systemAccessToken: 'system-access-token',
    oidcRequestUri: `${fixture.server.origin}${OIDC_PATH}`,
  });

  AuthFixture.use((started) => (fixture = started));

  it('sends a freshly requested ID token as the jwt-bearer assertion of every token request', async () => {
    const tokens = await tokenValues(acquireWithFederation(source(requested()), { azureDevOps: true }, fixture.deps));

    assert.ok(tokens.databricks.startsWith('access-2ff814a6'));
    assert.ok(tokens.azureDevOps?.startsWith('access-499b84ac'));
    const idTokens = fixture.server.issued.filter((token) => token.startsWith('id-token-'));
    const tokenRequests = fixture.server.tokenRequests();
    assert.equal(fixture.server.oidcRequests().length, 2);
    assert.equal(tokenRequests.length, 2);
    const assertions = tokenRequests.map((request) => request.form.get('client_assertion'));
    assert.notEqual(assertions[0], assertions[1], 'both token requests used the same ID token');
    assert.deepEqual([...assertions].sort(), [...idTokens].sort());
    for (const request of tokenRequests) {
      assert.equal(request.form.get('grant_type'), 'client_credentials');
      assert.equal(request.form.get('client_assertion_type'), JWT_BEARER);
      assert.equal(request.form.get('client_secret'), null);
    }
  });

  it('registers every ID token and access token with setSecret', async () => {
    const tokens = await tokenValues(acquireWithFederation(source(requested()), { azureDevOps: true }, fixture.deps));

    for (const value of [...fixture.server.issued, tokens.databricks, tokens.azureDevOps as string]) {
      assert.ok(fixture.secrets.includes(value), `${value} was not registered`);
    }
  });

  it("uses the service connection's own ID token when it has one, registered before any request", async () => {
    let secretsAtFirstRequest: string[] | undefined;
    fixture.server.onToken = (request) => {
      secretsAtFirstRequest ??= [...fixture.secrets];
      return fixture.server.issueAccessToken(request);
    };

    const lateBound = source({ kind: 'static', idToken: 'late-bound-id-token' });

    await acquireWithFederation(lateBound, { azureDevOps: false }, fixture.deps);

    assert.equal(fixture.server.oidcRequests().length, 0);
    assert.equal(fixture.server.tokenRequests()[0].form.get('client_assertion'), 'late-bound-id-token');
    assert.deepEqual(secretsAtFirstRequest, ['late-bound-id-token']);
  });

  it('fails with the ID token error, and asks Entra nothing, when Azure DevOps refuses the ID token', async () => {
    fixture.server.onOidc = () => ({ status: 401, body: { message: 'Access denied' } });

    const error = await rejectionOf(acquireWithFederation(source(requested()), { azureDevOps: false }, fixture.deps));

    assert.ok(error instanceof AuthError);
    assert.match(error.message, /Requesting the pipeline's ID token .* failed: HTTP 401 \(Access denied\)/);
    assert.equal(fixture.server.tokenRequests().length, 0);
  });

  it('explains a missing federated credential', async () => {
    const description = "No matching federated identity record found for presented assertion subject 'sc://org/p/c'.";
    fixture.server.onToken = () => entraError(400, 'invalid_client', 700213, description);

    const error = await rejectionOf(acquireWithFederation(source(requested()), { azureDevOps: false }, fixture.deps));

    assert.ok(error instanceof AuthError);
    assert.equal(error.aadstsCode, 'AADSTS700213');
    assert.match(error.message, /Add a federated credential.*subject 'sc:\/\/org\/p\/c'/);
  });
});
