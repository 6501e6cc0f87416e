// Specs of the entry point: each credential source reaches its handler, one log line says who signs in, no secret logged.

import * as assert from 'node:assert/strict';
import { acquireTokens, signInDescription } from '../../../tasks/DatabricksRepoSyncV1/src/auth/acquireTokens';
import { AuthError } from '../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { Tokens } from '../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { CredentialSource } from '../../../tasks/DatabricksRepoSyncV1/src/options';
import { createClientCertificate } from '../../support/tls';
import type { ClientCertificate } from '../../support/tls';
import { AuthFixture, CLIENT_ID, CLIENT_SECRET, rejectionOf, TENANT } from './support/authFixture';
import { entraError, MANAGED_IDENTITY_PATH, OIDC_PATH } from './support/identityServer';
import { tokenValues } from './support/tokenValues';

describe('auth/acquireTokens', () => {
  let fixture: AuthFixture;
  let managedIdentity: AuthFixture;
  let certificate: ClientCertificate;

  before(async () => {
    [fixture, managedIdentity, certificate] = await Promise.all([
      AuthFixture.start(),
      AuthFixture.managedIdentity(),
      createClientCertificate(),
    ]);
  });
  beforeEach(() => {
    fixture.reset();
    managedIdentity.reset();
  });
  afterEach(() => {
    fixture.restore();
    managedIdentity.restore();
  });
  after(async () => {
    await fixture.stop();
    await managedIdentity.stop();
  });

  /** the credential fields every Entra application source shares */
  const application = (): { authorityHost: string; tenantId: string; clientId: string } => ({
    authorityHost: fixture.server.origin,
    tenantId: TENANT,
    clientId: CLIENT_ID,
  });

  function assertNoSecretLogged(logs: string[], secrets: string[]): void {
    assert.ok(secrets.length > 0);
    for (const secret of secrets) {
      assert.ok(!logs.some((line) => line.includes(secret)), 'a secret reached the log');
    }
  }

  it('signs in with a client secret', async () => {
    const tokens = await tokenValues(acquireTokens(fixture.secretSource(), { azureDevOps: true }, fixture.deps));

    assert.equal(fixture.server.tokenRequests()[0].form.get('client_secret'), CLIENT_SECRET);
    assert.ok(tokens.azureDevOps);
    assert.deepEqual(fixture.logs, [
      `Signing in to Entra ID tenant ${TENANT} as application ${CLIENT_ID} with a client secret`,
    ]);
    assertNoSecretLogged(fixture.logs, fixture.secrets);
  });

  it('signs in with a client certificate', async () => {
    const source: CredentialSource = { kind: 'certificate', ...application(), certificatePem: certificate.pem };

    await acquireTokens(source, { azureDevOps: false }, fixture.deps);

    const assertion = fixture.server.tokenRequests()[0].form.get('client_assertion') ?? '';
    const header = JSON.parse(Buffer.from(assertion.split('.')[0], 'base64url').toString('utf8')) as Record<string, string>;
    assert.ok(header['x5t#S256']);
    assert.deepEqual(fixture.logs, [
      `Signing in to Entra ID tenant ${TENANT} as application ${CLIENT_ID} with a client certificate`,
    ]);
    assertNoSecretLogged(fixture.logs, fixture.secrets);
  });

  it('signs in with workload identity federation', async () => {
    const source: CredentialSource = {
      kind: 'federation',
      ...application(),
      idToken: {
        kind: 'request',
        serviceConnectionId: 'connection-1',
        systemAccessToken: 'system-access-token',
        oidcRequestUri: `${fixture.server.origin}${OIDC_PATH}`,
      },
    };

    await acquireTokens(source, { azureDevOps: false }, fixture.deps);

    assert.equal(fixture.server.tokenRequests()[0].form.get('client_assertion'), fixture.server.issued[0]);
    assert.deepEqual(fixture.logs, [
      `Signing in to Entra ID tenant ${TENANT} as application ${CLIENT_ID} with workload identity federation`,
    ]);
    assertNoSecretLogged(fixture.logs, fixture.secrets);
  });

  it('signs in with a managed identity', async () => {
    const tokens: Tokens = await acquireTokens(
      { kind: 'managedIdentity', clientId: 'mi-client-id' },
      { azureDevOps: false },
      managedIdentity.deps,
    );

    assert.equal(managedIdentity.server.received[0].path, MANAGED_IDENTITY_PATH);
    assert.equal(tokens.clientId, 'mi-client-id');
    assert.deepEqual(managedIdentity.logs, ['Signing in with the user-assigned managed identity mi-client-id']);
    assertNoSecretLogged(managedIdentity.logs, managedIdentity.secrets);
  });

  it('rejects with the mapped AuthError', async () => {
    fixture.server.onToken = () => entraError(401, 'invalid_client', 7000222, 'The provided client secret keys are expired.');

    const error = await rejectionOf(acquireTokens(fixture.secretSource(), { azureDevOps: true }, fixture.deps));

    assert.ok(error instanceof AuthError);
    assert.equal(error.aadstsCode, 'AADSTS7000222');
  });

  describe('signInDescription', () => {
    it('names the system-assigned managed identity', () => {
      assert.equal(
        signInDescription({ kind: 'managedIdentity' }),
        "Signing in with the agent machine's system-assigned managed identity",
      );
    });

    it('neutralises ids that came from inputs', () => {
      const source = { ...fixture.secretSource(), tenantId: '##vso[task.complete]' } as CredentialSource;

      const line = signInDescription(source);

      assert.doesNotMatch(line, /##vso\[/);
    });
  });
});
