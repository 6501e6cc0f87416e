// Specs of the Entra error mapping, run on what MSAL really throws for Entra's answers from the local authority.

import * as assert from 'node:assert/strict';
import { acquireConfidentialTokens } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/confidentialClient';
import { toAuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/entraErrors';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { AuthDependencies } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { NetworkError } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { AuthFixture, CLIENT_ID, rejectionOf, TENANT } from '../support/authFixture';
import { entraError } from '../support/identityServer';
import type { Reply } from '../support/identityServer';

describe('auth/entraErrors', () => {
  let fixture: AuthFixture;

  AuthFixture.use((started) => (fixture = started));

  async function signInFailure(reply: Reply, deps: AuthDependencies = fixture.deps): Promise<AuthError> {
    fixture.server.onToken = () => reply;
    const error = await rejectionOf(
      acquireConfidentialTokens(
        { authorityHost: fixture.server.origin, tenantId: TENANT, clientId: CLIENT_ID },
        { clientSecret: 'wrong' },
        { azureDevOps: false },
        deps,
      ),
    );
    assert.ok(error instanceof AuthError, `expected an AuthError, got ${String(error)}`);
    return error;
  }

  const known: Array<[number, string, number, RegExp]> = [
    [7000215, 'invalid_client', 401, /client secret.*value, not its secret ID/],
    [7000222, 'invalid_client', 401, /has expired\. Create a new client secret.*update the service connection/],
    [700016, 'unauthorized_client', 400, /does not know this application.*client \(application\) id and the tenant id/],
    [700024, 'invalid_client', 400, /not within its valid time range.*Rerun the job.*fresh ID token/],
    [70021, 'invalid_request', 400, /No federated identity credential.*Add a federated credential.*issuer and subject/],
    [700213, 'invalid_client', 400, /No federated identity credential.*Add a federated credential.*issuer and subject/],
    [700211, 'invalid_client', 400, /No federated identity credential of the application has the ID token's issuer/],
    [7002138, 'invalid_client', 400, /case-sensitively.*exactly/],
  ];
  for (const [code, error, status, fix] of known) {
    it(`maps AADSTS${code} to its fix, keeping the code and Entra's first line`, async () => {
      const failure = await signInFailure(entraError(status, error, code, `Entra text for ${code}.`));

      assert.equal(failure.aadstsCode, `AADSTS${code}`);
      assert.match(failure.message, new RegExp(`AADSTS${code}\\b`));
      assert.match(failure.message, fix);
      assert.match(failure.message, new RegExp(`Entra ID said: Entra text for ${code}\\.$`));
      assert.doesNotMatch(failure.message, /Trace ID|Correlation ID|Timestamp/);
    });
  }

  it("gives an unknown code with Entra's description and where to look it up", async () => {
    const failure = await signInFailure(entraError(400, 'invalid_grant', 50126, 'Something unusual happened.'));

    assert.equal(failure.aadstsCode, 'AADSTS50126');
    assert.match(failure.message, /failed with AADSTS50126: Something unusual happened\./);
    assert.match(failure.message, /login\.microsoftonline\.com\/error\?code=50126/);
  });

  it('finds the code in the description when error_codes is missing', async () => {
    const reply = entraError(401, 'invalid_client', 7000222, 'The secret expired.');
    delete (reply.body as Record<string, unknown>).error_codes;

    const failure = await signInFailure(reply);

    assert.equal(failure.aadstsCode, 'AADSTS7000222');
  });

  it('neutralises logging commands in the server text', async () => {
    const failure = await signInFailure(
      entraError(400, 'invalid_request', 90002, 'Tenant ##vso[task.setvariable variable=x]evil ##[error]not found.'),
    );

    assert.doesNotMatch(failure.message, /##vso\[|##\[/);
    assert.match(failure.message, /task\.setvariable variable=x\]evil/);
  });

  it('trims a very long description', async () => {
    const failure = await signInFailure(entraError(400, 'invalid_request', 90002, 'x'.repeat(5000)));

    assert.ok(failure.message.length < 700, `message of ${failure.message.length} characters`);
  });

  it('says what the server answered when the body is not JSON, neutralised', async () => {
    const failure = await signInFailure({ status: 502, body: '<html>Bad gateway ##vso[task.complete]</html>' });

    assert.match(failure.message, /^Signing in to Entra ID failed: 127\.0\.0\.1:\d+\/contoso-tenant\/oauth2\/v2\.0\/token /);
    assert.match(failure.message, /answered HTTP 502 with a body that is not JSON: <html>Bad gateway/);
    assert.doesNotMatch(failure.message, /##vso\[/);
  });

  it('says when the authority could not be reached at all', async () => {
    const unreachable: AuthDependencies = {
      ...fixture.deps,
      http: { send: () => Promise.reject(new NetworkError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', false)), close: () => undefined },
    };

    const failure = await signInFailure(entraError(400, 'x', 1, 'never sent'), unreachable);

    assert.match(failure.message, /Signing in to Entra ID failed: no answer from the server \(ECONNREFUSED\)/);
  });

  it('maps an answer without an AADSTS code to a generic message with its text', async () => {
    const failure = await signInFailure({ status: 400, body: { error: 'invalid_request', error_description: 'Bad scope.' } });

    assert.equal(failure.aadstsCode, undefined);
    assert.equal(failure.message, 'Signing in to Entra ID failed: invalid_request: Bad scope.');
  });

  describe('toAuthError on errors that are not MSAL errors', () => {
    it('passes an AuthError through', () => {
      const original = new AuthError('already clear');

      assert.equal(toAuthError(original, 'Signing in'), original);
    });

    it('wraps anything else with what failed, neutralised', () => {
      const mapped = toAuthError(new Error('boom ##[error]x'), 'Getting a managed identity token');

      assert.equal(mapped.message, 'Getting a managed identity token failed: boom # #[error]x');
    });
  });
});
