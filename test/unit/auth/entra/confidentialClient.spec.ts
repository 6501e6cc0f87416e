// Specs of the shared confidential client: authority handling, no discovery round trips, both scopes at once, and a
// failing scope that waits for the other before it is reported.

import * as assert from 'node:assert/strict';
import {
  acquireConfidentialTokens,
  entraAuthorityMetadata,
  originOf,
} from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/confidentialClient';
import { AuthError, AZURE_DEVOPS_SCOPE, DATABRICKS_SCOPE } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { AuthFixture, CLIENT_ID, CLIENT_SECRET, rejectionOf, TENANT } from '../support/authFixture';
import { entraError, type ReceivedRequest, type Reply } from '../support/identityServer';
import { tokenValues } from '../support/tokenValues';

/** A promise the test settles itself: holds one scope's answer while the other fails. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

async function tick(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('auth/confidentialClient', () => {
  let fixture: AuthFixture;
  const identity = (): { authorityHost: string; tenantId: string; clientId: string } => ({
    authorityHost: fixture.server.origin,
    tenantId: TENANT,
    clientId: CLIENT_ID,
  });

  AuthFixture.use((started) => (fixture = started));

  it('asks the tenant token endpoint of the authority host, and nothing else', async () => {
    const tokens = await tokenValues(acquireConfidentialTokens(
      identity(),
      { clientSecret: CLIENT_SECRET },
      { azureDevOps: true },
      fixture.deps,
    ));

    assert.equal(tokens.clientId, CLIENT_ID);
    assert.match(tokens.databricks, /^access-2ff814a6-3304-4ab8-85cb-cd0e6f879c1d-\d+$/);
    assert.match(tokens.azureDevOps ?? '', /^access-499b84ac-1321-427f-aa17-267ca6975798-\d+$/);
    const paths = fixture.server.received.map((request) => `${request.method} ${request.path}`);
    assert.deepEqual(paths, [`POST /${TENANT}/oauth2/v2.0/token`, `POST /${TENANT}/oauth2/v2.0/token`]);
    // no openid-configuration, no instance discovery, and every request went to the local authority
    const tokenEndpoint = `${fixture.server.origin}/${TENANT}/oauth2/v2.0/token`;
    assert.ok(fixture.http.sent.every((request) => request.url.startsWith(tokenEndpoint)));
    assert.equal(fixture.fetch?.called, false);
  });

  it('requests both scopes at the same time when the Azure DevOps token is wanted', async () => {
    fixture.server.onToken = fixture.server.holdFirstUntilSecond((request) => fixture.server.issueAccessToken(request));

    const tokens = await tokenValues(acquireConfidentialTokens(
      identity(),
      { clientSecret: CLIENT_SECRET },
      { azureDevOps: true },
      fixture.deps,
    ));

    assert.ok(tokens.databricks.startsWith('access-2ff814a6'));
    assert.ok(tokens.azureDevOps?.startsWith('access-499b84ac'));
    const scopes = fixture.server.tokenRequests().map((request) => request.form.get('scope'));
    assert.deepEqual([...scopes].sort(), [DATABRICKS_SCOPE, AZURE_DEVOPS_SCOPE].sort());
  });

  it('asks only for the Databricks scope when the Azure DevOps token is not wanted', async () => {
    const tokens = await tokenValues(acquireConfidentialTokens(
      identity(),
      { clientSecret: CLIENT_SECRET },
      { azureDevOps: false },
      fixture.deps,
    ));

    assert.equal(tokens.azureDevOps, undefined);
    assert.deepEqual(
      fixture.server.tokenRequests().map((request) => request.form.get('scope')),
      [DATABRICKS_SCOPE],
    );
  });

  it('registers every access token with setSecret', async () => {
    const tokens = await tokenValues(acquireConfidentialTokens(
      identity(),
      { clientSecret: CLIENT_SECRET },
      { azureDevOps: true },
      fixture.deps,
    ));

    assert.ok(fixture.secrets.includes(tokens.databricks));
    assert.ok(fixture.secrets.includes(tokens.azureDevOps as string));
  });

  it('accepts an authority host with a trailing slash, as service connections give it', async () => {
    await acquireConfidentialTokens(
      { ...identity(), authorityHost: `${fixture.server.origin}/` },
      { clientSecret: CLIENT_SECRET },
      { azureDevOps: false },
      fixture.deps,
    );

    assert.equal(fixture.server.tokenRequests()[0].path, `/${TENANT}/oauth2/v2.0/token`);
  });

  it('refuses an authority host that is not https before any request', async () => {
    const error = await rejectionOf(
      acquireConfidentialTokens(
        { ...identity(), authorityHost: 'http://login.example.test' },
        { clientSecret: CLIENT_SECRET },
        { azureDevOps: false },
        fixture.deps,
      ),
    );

    assert.ok(error instanceof AuthError);
    assert.match(error.message, /must be an https:\/\/ URL/);
    assert.equal(fixture.http.sent.length, 0);
  });

  it('fails clearly when Entra answers 200 without an access token', async () => {
    fixture.server.onToken = () => ({ status: 200, body: { token_type: 'Bearer', expires_in: 3599 } });

    const error = await rejectionOf(
      acquireConfidentialTokens(identity(), { clientSecret: CLIENT_SECRET }, { azureDevOps: false }, fixture.deps),
    );

    assert.ok(error instanceof AuthError);
    assert.match(error.message, /Signing in to Entra ID failed/);
  });

  describe('when one scope fails', () => {
    const wrongSecret = (): Reply => entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');

    it('does not reject before the other scope\'s request settled', async () => {
      const held = deferred();
      let azureDevOpsAnswered = false;
      fixture.server.onToken = async (request: ReceivedRequest): Promise<Reply> => {
        if (request.form.get('scope') === DATABRICKS_SCOPE) return wrongSecret();
        await held.promise;
        azureDevOpsAnswered = true;
        return fixture.server.issueAccessToken(request);
      };
      let rejected = false;
      const acquiring = acquireConfidentialTokens(identity(), { clientSecret: CLIENT_SECRET }, { azureDevOps: true }, fixture.deps);
      acquiring.catch(() => (rejected = true));

      while (fixture.server.tokenRequests().length < 2) await tick(5);
      await tick(100);
      assert.equal(rejected, false, 'rejected while the Azure DevOps request was still running');
      held.resolve();

      const error = await rejectionOf(acquiring);
      assert.equal(azureDevOpsAnswered, true);
      assert.ok(error instanceof AuthError);
      assert.match(error.message, /AADSTS7000215/);
    });

    it("reports the Databricks scope's error even when the Azure DevOps one failed first", async () => {
      const held = deferred();
      fixture.server.onToken = async (request: ReceivedRequest): Promise<Reply> => {
        if (request.form.get('scope') === DATABRICKS_SCOPE) {
          // answers well after the Azure DevOps error arrived, so Promise.all would have rejected with that one
          await held.promise;
          await tick(50);
          return wrongSecret();
        }
        held.resolve();
        return entraError(400, 'invalid_scope', 70011, 'The provided value for scope is not valid.');
      };

      const error = await rejectionOf(
        acquireConfidentialTokens(identity(), { clientSecret: CLIENT_SECRET }, { azureDevOps: true }, fixture.deps),
      );

      assert.match(error.message, /AADSTS7000215/);
    });
  });

  describe('originOf', () => {
    it('keeps scheme, host and port only', () => {
      assert.equal(originOf('https://login.microsoftonline.us/'), 'https://login.microsoftonline.us');
      assert.equal(originOf(' https://127.0.0.1:8443/some/path '), 'https://127.0.0.1:8443');
    });

    it('names a value that is not a URL', () => {
      assert.throws(() => originOf('login.microsoftonline.com'), /'login\.microsoftonline\.com' is not a URL/);
    });
  });

  describe('entraAuthorityMetadata', () => {
    it("follows Entra's v2 endpoint layout for the tenant", () => {
      const metadata = JSON.parse(entraAuthorityMetadata('https://login.example.test', 'tenant-1')) as Record<string, string>;

      assert.deepEqual(metadata, {
        token_endpoint: 'https://login.example.test/tenant-1/oauth2/v2.0/token',
        authorization_endpoint: 'https://login.example.test/tenant-1/oauth2/v2.0/authorize',
        end_session_endpoint: 'https://login.example.test/tenant-1/oauth2/v2.0/logout',
        jwks_uri: 'https://login.example.test/tenant-1/discovery/v2.0/keys',
        issuer: 'https://login.example.test/tenant-1/v2.0',
      });
    });
  });
});
