// Specs of Databricks-native workload identity federation: the pipeline's ID token exchanged at the workspace (RFC 8693).

import * as assert from 'node:assert/strict';
import { acquireWithDatabricksFederation } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks/workloadIdentity';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { HttpRequest } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import type { DatabricksSource, IdTokenSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { rejectionOf } from '../support/authFixture';
import { formOf, jwt, oauthError, recordedDeps, SP_CLIENT_ID, tokenAnswer, WORKSPACE, type RecordedDeps } from '../support/workspaceDeps';

const ISSUER = 'https://vstoken.dev.azure.com/7f3c1e2a-0b4d-4c5e-9f6a-1b2c3d4e5f60';
const SUBJECT = 'sc://contoso/data-platform/databricks-prod';
const AUDIENCE = 'api://AzureADTokenExchange';
const TOKEN_URL = `${WORKSPACE}/oidc/v1/token`;
const OIDC_URI = 'https://dev.azure.com/contoso/proj-id/_apis/distributedtask/hubs/build/plans/plan-1/jobs/job-1/oidctoken';
const CONNECTION = 'c0ffee00-1111-2222-3333-444455556666';

/** An Azure DevOps ID token for the connection; `n` tells one from the next. */
const idToken = (n: number, aud: string | string[] = AUDIENCE): string => jwt({ iss: ISSUER, sub: SUBJECT, aud, jti: `id-${n}` });

describe('auth/databricks/workloadIdentity', () => {
  let recorded: RecordedDeps;
  beforeEach(() => {
    recorded = recordedDeps();
  });

  const federation = (token: IdTokenSource): Extract<DatabricksSource, { kind: 'databricksFederation' }> => ({ kind: 'databricksFederation', host: WORKSPACE, clientId: SP_CLIENT_ID, idToken: token });
  const requested: IdTokenSource = { kind: 'request', serviceConnectionId: CONNECTION, systemAccessToken: 'system-access-token', oidcRequestUri: OIDC_URI };
  const signIn = (token: IdTokenSource): ReturnType<typeof acquireWithDatabricksFederation> =>
    acquireWithDatabricksFederation(federation(token), { azureDevOps: false }, recorded.deps);
  const exchanges = (): HttpRequest[] => recorded.http.requests.filter((request) => request.url === TOKEN_URL);
  const oidcAnswer = (token: string): { status: number; text: string } => ({ status: 200, text: JSON.stringify({ oidcToken: token }) });

  function assertExchangeOf(request: HttpRequest, subjectToken: string): void {
    assert.equal(request.method, 'POST');
    assert.deepEqual([...formOf(request).entries()].sort(), [
      ['client_id', SP_CLIENT_ID],
      ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      ['scope', 'all-apis'],
      ['subject_token', subjectToken],
      ['subject_token_type', 'urn:ietf:params:oauth:token-type:jwt'],
    ]);
    // the ID token is the only credential: no client secret, and no Authorization header
    assert.equal(request.headers?.['Authorization'], undefined);
  }

  describe("with the connection's own ID token (static)", () => {
    it('exchanges it for a Databricks token at the workspace', async () => {
      recorded.http.answer(tokenAnswer('dbx-1'));

      const tokens = await signIn({ kind: 'static', idToken: idToken(1) });

      assert.equal(recorded.http.requests.length, 1);
      assertExchangeOf(recorded.http.requests[0], idToken(1));
      assert.equal(await tokens.databricks.get(), 'dbx-1');
      assert.equal(tokens.clientId, SP_CLIENT_ID);
      assert.equal(tokens.azureDevOps, undefined);
    });

    it('registers the ID token before sending it, and the Databricks token', async () => {
      recorded.http.answer(tokenAnswer('dbx-1'));

      await signIn({ kind: 'static', idToken: idToken(1) });

      const registered = recorded.events.indexOf(`setSecret ${idToken(1)}`);
      assert.ok(registered >= 0, 'the ID token was not registered');
      assert.ok(registered < recorded.events.indexOf(`send ${TOKEN_URL}`));
      assert.ok(recorded.secrets.includes('dbx-1'));
    });
  });

  describe('with an ID token requested from Azure DevOps', () => {
    it("POSTs to the OIDC request URI with the job's access token, then exchanges the ID token it got", async () => {
      recorded.http.answer(oidcAnswer(idToken(1)), tokenAnswer('dbx-1'));

      const tokens = await signIn(requested);

      const [oidc, exchange] = recorded.http.requests;
      assert.equal(recorded.http.requests.length, 2);
      assert.equal(oidc.method, 'POST');
      assert.equal(oidc.url, `${OIDC_URI}?api-version=7.1&serviceConnectionId=${CONNECTION}`);
      assert.equal(oidc.headers?.['Authorization'], 'Bearer system-access-token');
      assertExchangeOf(exchange, idToken(1));
      assert.equal(await tokens.databricks.get(), 'dbx-1');
      for (const secret of ['system-access-token', idToken(1), 'dbx-1']) assert.ok(recorded.secrets.includes(secret), `${secret} not registered`);
    });

    it('requests a fresh ID token for every exchange when the Databricks token is near its expiry', async () => {
      recorded.http.answer(oidcAnswer(idToken(1)), tokenAnswer('dbx-short', 30), oidcAnswer(idToken(2)), tokenAnswer('dbx-2'));

      const tokens = await signIn(requested);

      assert.equal(await tokens.databricks.get(), 'dbx-2');
      assert.deepEqual(
        recorded.http.requests.map((request) => (request.url === TOKEN_URL ? 'exchange' : 'oidc')),
        ['oidc', 'exchange', 'oidc', 'exchange'],
      );
      assertExchangeOf(exchanges()[1], idToken(2));
      assert.ok(recorded.secrets.includes(idToken(2)));
    });

    it('a failed ID token request is an AuthError of its own, and nothing is exchanged', async () => {
      recorded.http.answer({ status: 401, text: '{"message":"Access denied"}' });

      const error = await rejectionOf(signIn(requested));

      assert.ok(error instanceof AuthError);
      assert.match(error.message, /^Requesting the pipeline's ID token for service connection .* failed: HTTP 401 \(Access denied\)/);
      assert.equal(exchanges().length, 0);
    });
  });

  describe('a refused exchange', () => {
    for (const aud of [AUDIENCE, [AUDIENCE, 'api://other']]) {
      it(`names the policy from the ID token's claims (aud as ${typeof aud === 'string' ? 'a string' : 'an array'}) and the CLI command`, async () => {
        recorded.http.answer(oauthError(401, 'invalid_client', 'no matching federation policy'));

        const error = await rejectionOf(signIn({ kind: 'static', idToken: idToken(1, aud) }));

        assert.ok(error instanceof AuthError, String(error));
        assert.match(error.message, /^Databricks refused the pipeline's ID token \(HTTP 401 invalid_client: no matching federation policy\)\. /);
        assert.ok(error.message.includes(`issuer ${ISSUER}, audience ${AUDIENCE}, subject ${SUBJECT} `), error.message);
        const policy = JSON.stringify({ oidc_policy: { issuer: ISSUER, audiences: [AUDIENCE], subject: SUBJECT } });
        assert.ok(error.message.endsWith(`databricks account service-principal-federation-policy create <service principal id> --json '${policy}'`));
        assert.ok(!error.message.includes(idToken(1, aud)), 'the message holds the ID token');
      });
    }

    it('names the claims of the ID token that was refused, not of an earlier one', async () => {
      const renamed = jwt({ iss: ISSUER, sub: 'sc://contoso/data-platform/renamed', aud: AUDIENCE });
      // the first exchange succeeds; the connection is renamed before the refresh, whose ID token is refused
      recorded.http.answer(oidcAnswer(idToken(1)), tokenAnswer('dbx-short', 30), oidcAnswer(renamed), oauthError(400, 'invalid_grant'));
      const tokens = await signIn(requested);

      const error = await rejectionOf(tokens.databricks.get());

      assert.ok(error instanceof AuthError);
      assert.match(error.message, /subject sc:\/\/contoso\/data-platform\/renamed /);
    });

    it('passes on any other failure of the token endpoint unchanged, without the policy', async () => {
      recorded.http.answer({ status: 500, text: 'Internal error' });

      const error = await rejectionOf(signIn({ kind: 'static', idToken: idToken(1) }));

      assert.ok(error instanceof AuthError);
      assert.match(error.message, /^Exchanging the pipeline's ID token for a Databricks token failed: HTTP 500 Internal error\. Fix:/);
      assert.doesNotMatch(error.message, /federation policy/);
    });
  });
});
