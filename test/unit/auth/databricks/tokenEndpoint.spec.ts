// Specs of the workspace token endpoint: what is sent to <host>/oidc/v1/token, and how each kind of answer is read.

import * as assert from 'node:assert/strict';
import { requestWorkspaceToken, TokenRefusal, type WorkspaceTokenRequest } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks/tokenEndpoint';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { rejectionOf } from '../support/authFixture';
import { formOf, oauthError, recordedDeps, tokenAnswer, WORKSPACE, type RecordedDeps } from '../support/workspaceDeps';

const AZURE_WORKSPACE = 'https://adb-1234567890123456.7.azuredatabricks.net';

describe('auth/databricks/tokenEndpoint', () => {
  let recorded: RecordedDeps;
  beforeEach(() => {
    recorded = recordedDeps();
  });

  const request = (overrides: Partial<WorkspaceTokenRequest> = {}): WorkspaceTokenRequest => ({
    host: WORKSPACE,
    form: { grant_type: 'client_credentials' },
    operation: 'requesting a Databricks OAuth token',
    ...overrides,
  });

  it('POSTs the form with scope=all-apis to <host>/oidc/v1/token, retryable, naming the connection URL as the host source', async () => {
    recorded.http.answer(tokenAnswer('dbx-access'));

    await requestWorkspaceToken(request({ form: { grant_type: 'client_credentials', extra: 'a b&c' } }), recorded.deps);

    const [sent] = recorded.http.requests;
    assert.equal(recorded.http.requests.length, 1);
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, `${WORKSPACE}/oidc/v1/token`);
    assert.equal(sent.headers?.['Content-Type'], 'application/x-www-form-urlencoded');
    // the form is really form-encoded: a space and an ampersand in a value survive the round trip
    assert.deepEqual([...formOf(sent).entries()], [
      ['grant_type', 'client_credentials'],
      ['extra', 'a b&c'],
      ['scope', 'all-apis'],
    ]);
    assert.equal(sent.idempotent, true);
    assert.equal(sent.hostSource, "the Databricks workspace connection's URL");
    assert.equal(sent.operation, 'requesting a Databricks OAuth token');
    assert.equal(sent.headers?.['Authorization'], undefined, 'no credentials were given, so none are sent');
  });

  it('sends HTTP Basic with the client id and secret each URL-encoded, and registers the Basic value as a secret', async () => {
    recorded.http.answer(tokenAnswer('dbx-access'));
    const basic = { clientId: 'app:id@x%', secret: 's:e@c%r/t' };

    await requestWorkspaceToken(request({ basic }), recorded.deps);

    const authorization = recorded.http.requests[0].headers?.['Authorization'] ?? '';
    assert.match(authorization, /^Basic [A-Za-z0-9+/]+=*$/);
    const encoded = authorization.slice('Basic '.length);
    // a ':' inside the id or the secret must not split the pair in the wrong place
    assert.equal(Buffer.from(encoded, 'base64').toString('utf8'), 'app%3Aid%40x%25:s%3Ae%40c%25r%2Ft');
    assert.ok(recorded.events.includes(`setSecret ${encoded}`), 'the Basic value was not registered');
    assert.ok(recorded.events.indexOf(`setSecret ${encoded}`) < recorded.events.indexOf(`send ${WORKSPACE}/oidc/v1/token`), 'registered only after sending');
  });

  it('resolves with the access token, registered as a secret, expiring expires_in seconds from now', async () => {
    recorded.http.answer(tokenAnswer('dbx-access-1', 3600));
    const before = Date.now();

    const token = await requestWorkspaceToken(request(), recorded.deps);

    assert.equal(token.value, 'dbx-access-1');
    assert.ok(recorded.secrets.includes('dbx-access-1'));
    assert.ok(token.expiresAtMs >= before + 3_600_000 && token.expiresAtMs <= Date.now() + 3_600_000, String(token.expiresAtMs));
  });

  describe('a 200 that is not a usable token is an AuthError', () => {
    const cases: [string, string, RegExp][] = [
      ['not JSON', '<html>proxy login</html>', /^Requesting a Databricks OAuth token failed: the answer is not JSON \(<html>proxy login<\/html>\)\.$/],
      ['no access_token', '{"token_type":"Bearer","expires_in":3600}', /failed: the answer has no access_token\.$/],
      ['an empty access_token', '{"access_token":"","expires_in":3600}', /failed: the answer has no access_token\.$/],
      ['expires_in missing', '{"access_token":"t1"}', /failed: the answer's expires_in is not a number of seconds\.$/],
      ['expires_in not a number', '{"access_token":"t1","expires_in":"soon"}', /expires_in is not a number of seconds/],
      ['expires_in zero', '{"access_token":"t1","expires_in":0}', /expires_in is not a number of seconds/],
      ['expires_in negative', '{"access_token":"t1","expires_in":-60}', /expires_in is not a number of seconds/],
    ];
    for (const [name, text, message] of cases) {
      it(name, async () => {
        recorded.http.answer({ status: 200, text });
        const error = await rejectionOf(requestWorkspaceToken(request(), recorded.deps));
        assert.ok(error instanceof AuthError, String(error));
        assert.match(error.message, message);
      });
    }

    it('a numeric string expires_in is accepted', async () => {
      recorded.http.answer({ status: 200, text: '{"access_token":"t1","expires_in":"3600"}' });
      const token = await requestWorkspaceToken(request(), recorded.deps);
      assert.ok(token.expiresAtMs > Date.now() + 3_500_000);
    });
  });

  it('an OAuth error answer is a TokenRefusal with status, error and description', async () => {
    recorded.http.answer(oauthError(401, 'invalid_client', 'Client authentication failed'));

    const error = await rejectionOf(requestWorkspaceToken(request(), recorded.deps));

    assert.ok(error instanceof TokenRefusal, String(error));
    assert.equal(error.status, 401);
    assert.equal(error.error, 'invalid_client');
    assert.equal(error.description, 'Client authentication failed');
    assert.equal(error.message, 'HTTP 401 invalid_client: Client authentication failed');
  });

  it('an OAuth error without a description says only the status and the code', async () => {
    recorded.http.answer({ status: 400, text: '{"error":"invalid_request"}' });
    const error = await rejectionOf(requestWorkspaceToken(request(), recorded.deps));
    assert.ok(error instanceof TokenRefusal);
    assert.equal(error.message, 'HTTP 400 invalid_request');
  });

  it("neutralises the server's error and description: no logging command, one line", async () => {
    const description = 'bad secret\n##vso[task.setvariable variable=x]evil\r\n##[error]forged';
    recorded.http.answer(oauthError(400, 'invalid_grant\n##vso[task.complete]', description));

    const error = await rejectionOf(requestWorkspaceToken(request(), recorded.deps));

    assert.ok(error instanceof TokenRefusal);
    for (const text of [error.error, error.description, error.message]) {
      assert.doesNotMatch(text, /##(vso)?\[/i);
      assert.doesNotMatch(text, /[\r\n]/);
    }
    assert.match(error.description, /^bad secret # #vso\[task\.setvariable variable=x\]evil # #\[error\]forged$/);
  });

  it('a Private Link redirect is an AuthError naming Private Link and the fix, not a refusal', async () => {
    const location = `${AZURE_WORKSPACE}/login.html?error=private-link-validation-error`;
    recorded.http.answer({ status: 303, headers: { location }, text: '' });

    const error = await rejectionOf(requestWorkspaceToken(request({ host: AZURE_WORKSPACE }), recorded.deps));

    assert.ok(error instanceof AuthError && !(error instanceof TokenRefusal), String(error));
    assert.match(error.message, /^Requesting a Databricks OAuth token failed: the workspace is behind Azure Private Link/);
    assert.match(error.message, /Fix: run the job on a self-hosted agent/);
  });

  describe('any other answer is an AuthError with the fix', () => {
    const cases: [string, number, Record<string, string>, string, RegExp][] = [
      ['an HTML error page', 502, {}, '<html><body>Bad\n gateway</body></html>', /failed: HTTP 502 <html><body>Bad gateway<\/body><\/html>\. Fix:/],
      ['an empty body', 404, {}, '', /failed: HTTP 404\. Fix:/],
      ['JSON without an OAuth error', 403, {}, '{"message":"Forbidden"}', /failed: HTTP 403 \{"message":"Forbidden"\}\. Fix:/],
      ['a redirect to another login page', 302, { location: '/login.html' }, '', /failed: HTTP 302\. Fix:/],
    ];
    for (const [name, status, headers, text, message] of cases) {
      it(name, async () => {
        recorded.http.answer({ status, headers, text });
        const error = await rejectionOf(requestWorkspaceToken(request(), recorded.deps));
        assert.ok(error instanceof AuthError && !(error instanceof TokenRefusal), String(error));
        assert.match(error.message, message);
        assert.match(error.message, /the connection's URL must be the workspace URL \(https:\/\/<workspace host>\), and a proxy must not answer/);
      });
    }
  });
});
