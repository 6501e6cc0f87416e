// Specs of the client-secret handler: the client_credentials grant with the secret, and the secret kept masked.

import * as assert from 'node:assert/strict';
import { acquireWithClientSecret } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/clientSecret';
import type { ClientSecretSource } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/clientSecret';
import { AuthError, DATABRICKS_SCOPE } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { AuthFixture, CLIENT_ID, CLIENT_SECRET, rejectionOf } from '../support/authFixture';
import { tokenValues } from '../support/tokenValues';

describe('auth/clientSecret', () => {
  let fixture: AuthFixture;
  const source = (): ClientSecretSource => fixture.secretSource() as ClientSecretSource;

  AuthFixture.use((started) => (fixture = started));

  it('sends the client_credentials grant with the client secret', async () => {
    await acquireWithClientSecret(source(), { azureDevOps: false }, fixture.deps);

    const [request] = fixture.server.tokenRequests();
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded;charset=utf-8');
    assert.equal(request.form.get('grant_type'), 'client_credentials');
    assert.equal(request.form.get('client_id'), CLIENT_ID);
    assert.equal(request.form.get('client_secret'), CLIENT_SECRET);
    assert.equal(request.form.get('scope'), DATABRICKS_SCOPE);
    assert.equal(request.form.get('client_assertion'), null);
    assert.equal(request.form.get('client_assertion_type'), null);
  });

  it('registers the secret before any request, then every token', async () => {
    let secretsAtFirstRequest: string[] = [];
    fixture.server.onToken = (request) => {
      secretsAtFirstRequest = secretsAtFirstRequest.length ? secretsAtFirstRequest : [...fixture.secrets];
      return fixture.server.issueAccessToken(request);
    };

    const tokens = await tokenValues(acquireWithClientSecret(source(), { azureDevOps: true }, fixture.deps));

    assert.deepEqual(secretsAtFirstRequest, [CLIENT_SECRET]);
    assert.deepEqual([...fixture.secrets].sort(), [CLIENT_SECRET, tokens.databricks, tokens.azureDevOps as string].sort());
  });

  it('refuses an empty secret without a request', async () => {
    const error = await rejectionOf(
      acquireWithClientSecret({ ...source(), clientSecret: '  ' }, { azureDevOps: false }, fixture.deps),
    );

    assert.ok(error instanceof AuthError);
    assert.match(error.message, /client secret is empty/);
    assert.equal(fixture.http.sent.length, 0);
  });
});
