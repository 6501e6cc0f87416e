// Specs of the Databricks OAuth secret sign-in: the client credentials grant at the workspace, its refusals and refresh.

import * as assert from 'node:assert/strict';
import { acquireWithDatabricksOAuthSecret } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks/oauthSecret';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { NetworkError } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import type { DatabricksSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { rejectionOf } from '../support/authFixture';
import { formOf, oauthError, recordedDeps, SP_CLIENT_ID, tokenAnswer, WORKSPACE, type RecordedDeps } from '../support/workspaceDeps';

const SECRET = 'dose0123456789abcdef+/=';
const TOKEN_URL = `${WORKSPACE}/oidc/v1/token`;

describe('auth/databricks/oauthSecret', () => {
  let recorded: RecordedDeps;
  beforeEach(() => {
    recorded = recordedDeps();
  });

  const source: DatabricksSource = { kind: 'databricksOAuthSecret', host: WORKSPACE, clientId: SP_CLIENT_ID, clientSecret: SECRET };
  const signIn = (): ReturnType<typeof acquireWithDatabricksOAuthSecret> =>
    acquireWithDatabricksOAuthSecret(source, { azureDevOps: false }, recorded.deps);

  it('asks the workspace for a token with the client credentials grant, id and secret in HTTP Basic', async () => {
    recorded.http.answer(tokenAnswer('dbx-1'));

    const tokens = await signIn();

    assert.equal(recorded.http.requests.length, 1);
    const [sent] = recorded.http.requests;
    assert.equal(sent.url, TOKEN_URL);
    assert.deepEqual([...formOf(sent).entries()], [
      ['grant_type', 'client_credentials'],
      ['scope', 'all-apis'],
    ]);
    // the secret goes in the header only, never in the form
    assert.ok(!(sent.body ?? '').includes(SECRET));
    const basic = Buffer.from(`${SP_CLIENT_ID}:${encodeURIComponent(SECRET)}`).toString('base64');
    assert.equal(sent.headers?.['Authorization'], `Basic ${basic}`);
    assert.equal(tokens.clientId, SP_CLIENT_ID);
    assert.equal(tokens.azureDevOps, undefined);
    assert.equal(await tokens.databricks.get(), 'dbx-1');
  });

  it('registers the secret before anything is sent, and the token it gets', async () => {
    recorded.http.answer(tokenAnswer('dbx-1'));

    await signIn();

    const registered = recorded.events.indexOf(`setSecret ${SECRET}`);
    assert.ok(registered >= 0, 'the secret was not registered');
    assert.ok(registered < recorded.events.indexOf(`send ${TOKEN_URL}`), 'the secret was registered after the request');
    assert.ok(recorded.secrets.includes('dbx-1'));
  });

  it('keeps a token with time left: no second request on get()', async () => {
    recorded.http.answer(tokenAnswer('dbx-1', 3600));

    const tokens = await signIn();

    assert.equal(await tokens.databricks.get(), 'dbx-1');
    assert.equal(await tokens.databricks.get(), 'dbx-1');
    assert.equal(recorded.http.requests.length, 1);
  });

  it('asks again when the token in hand is within 40 s of its expiry, and registers the new one', async () => {
    recorded.http.answer(tokenAnswer('dbx-short', 30), tokenAnswer('dbx-2', 3600));

    const tokens = await signIn();
    assert.equal(recorded.http.requests.length, 1);

    assert.equal(await tokens.databricks.get(), 'dbx-2');
    assert.equal(recorded.http.requests.length, 2);
    assert.deepEqual([...formOf(recorded.http.requests[1]).entries()], [
      ['grant_type', 'client_credentials'],
      ['scope', 'all-apis'],
    ]);
    assert.ok(recorded.secrets.includes('dbx-2'));
  });

  describe('a refused client id or secret', () => {
    const refusals: [string, number, string][] = [
      ['invalid_client', 401, 'invalid_client'],
      ['HTTP 401 with another code', 401, 'unauthorized_client'],
      ['invalid_client with 400', 400, 'invalid_client'],
    ];
    for (const [name, status, code] of refusals) {
      it(`${name}: an AuthError naming the user name and password fix, without the secret`, async () => {
        recorded.http.answer(oauthError(status, code, 'Client authentication failed'));

        const error = await rejectionOf(signIn());

        assert.ok(error instanceof AuthError, String(error));
        assert.match(error.message, new RegExp(`^Databricks refused the OAuth client id or secret \\(HTTP ${status} ${code}: Client authentication failed\\)\\. `));
        assert.match(error.message, /its user name must be the service principal's application \(client\) id and its password an OAuth secret/);
        assert.match(error.message, /Generate secret/);
        const basic = recorded.http.requests[0].headers?.['Authorization']?.slice('Basic '.length) ?? '';
        for (const secret of [SECRET, encodeURIComponent(SECRET), basic]) {
          assert.ok(!error.message.includes(secret), 'the message holds the secret');
        }
      });
    }

    it('another refusal says to check the connection, without the user name and password fix', async () => {
      recorded.http.answer(oauthError(400, 'invalid_scope', 'scope not allowed'));

      const error = await rejectionOf(signIn());

      assert.ok(error instanceof AuthError);
      assert.equal(
        error.message,
        'Databricks refused the OAuth client id or secret (HTTP 400 invalid_scope: scope not allowed). Check the Databricks workspace connection.',
      );
    });
  });

  it("passes on the token endpoint's own AuthError and a network failure unchanged", async () => {
    recorded.http.answer({ status: 502, text: 'Bad gateway' });
    const answer = await rejectionOf(signIn());
    assert.ok(answer instanceof AuthError);
    assert.match(answer.message, /^Requesting a Databricks OAuth token with the client secret failed: HTTP 502 Bad gateway\. Fix:/);

    const network = new NetworkError('connect ECONNREFUSED', 'ECONNREFUSED', false);
    recorded.http.answer(network);
    assert.equal(await rejectionOf(signIn()), network);
  });
});
