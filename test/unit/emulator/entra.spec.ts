// Entra token endpoint of the emulator: client secrets, certificate assertions and federated assertions.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { certificateThumbprints, decodeJwt, signJwt } from '../../emulator/jwt';
import { DATABRICKS_RESOURCE } from '../../emulator/tokenIssuer';
import { member, startHarness, type Harness } from './harness';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A certificate assertion as msal-node builds one (PS256 + x5t#S256) or an older client (RS256 + x5t). */
function certificateAssertion(h: Harness, options: { alg: 'PS256' | 'RS256'; key?: string; audience?: string; lifetime?: number }): string {
  const { clientId, certificate } = h.seed.application;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: options.audience ?? h.emulator.urls.tokenEndpoint(h.seed.tenant.id),
    iss: clientId,
    sub: clientId,
    jti: crypto.randomUUID(),
    nbf: now,
    exp: now + (options.lifetime ?? 600),
  };
  const thumbprints = certificateThumbprints(certificate.cert);
  const header = options.alg === 'PS256' ? { alg: 'PS256', typ: 'JWT', 'x5t#S256': thumbprints.sha256 } : { alg: 'RS256', typ: 'JWT', x5t: thumbprints.sha1 };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const key = crypto.createPrivateKey(options.key ?? certificate.key);
  const signature =
    options.alg === 'PS256'
      ? crypto.sign('sha256', Buffer.from(input), { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST })
      : crypto.sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

describe('emulator: Entra token endpoint', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.emulator.stop());

  const requestToken = (form: Record<string, string>, tenant?: string): ReturnType<Harness['call']> =>
    h.call({
      method: 'POST',
      path: `/${tenant ?? h.seed.tenant.id}/oauth2/v2.0/token`,
      form: { grant_type: 'client_credentials', client_id: h.seed.application.clientId, scope: `${DATABRICKS_RESOURCE}/.default`, ...form },
    });

  it('serves OpenID metadata naming this host, by tenant id and by domain', async () => {
    const byDomain = await h.call({ path: `/${h.seed.tenant.domain}/v2.0/.well-known/openid-configuration` });
    assert.equal(byDomain.status, 200);
    assert.equal(member(byDomain, 'token_endpoint'), h.emulator.urls.tokenEndpoint(h.seed.tenant.id));
    assert.equal(member(byDomain, 'issuer'), `${h.emulator.url}/${h.seed.tenant.id}/v2.0`);
    const v1Path = await h.call({ path: `/${h.seed.tenant.id}/.well-known/openid-configuration` });
    assert.equal(v1Path.status, 200);
  });

  it('issues a Databricks token for the right secret, with appid, tid, aud and a unique jti', async () => {
    const first = await requestToken({ client_secret: h.seed.application.secret });
    const second = await requestToken({ client_secret: h.seed.application.secret }, h.seed.tenant.domain);
    assert.equal(first.status, 200);
    assert.equal(member(first, 'token_type'), 'Bearer');
    assert.equal(member(first, 'expires_in'), 3599);
    const claims = decodeJwt(String(member(first, 'access_token')))?.claims;
    assert.equal(claims?.aud, DATABRICKS_RESOURCE);
    assert.equal(claims?.appid, h.seed.application.clientId);
    assert.equal(claims?.tid, h.seed.tenant.id);
    assert.notEqual(claims?.jti, decodeJwt(String(member(second, 'access_token')))?.claims.jti);
  });

  it('rejects a wrong secret (7000215), an expired one (7000222) and an unknown application (700016)', async () => {
    const wrong = await requestToken({ client_secret: 'nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(member(wrong, 'error_codes'), [7000215]);
    assert.match(String(member(wrong, 'error_description')), /^AADSTS7000215: Invalid client secret provided/);
    const expired = await requestToken({ client_secret: h.seed.application.expiredSecret });
    assert.deepEqual([expired.status, member(expired, 'error_codes')], [401, [7000222]]);
    const unknown = await requestToken({ client_id: crypto.randomUUID(), client_secret: 'x' });
    assert.deepEqual([unknown.status, member(unknown, 'error'), member(unknown, 'error_codes')], [400, 'unauthorized_client', [700016]]);
    assert.equal(typeof member(unknown, 'correlation_id'), 'string');
  });

  it('honours the token lifetime knob, so a test can hand out expired tokens', async () => {
    h.emulator.state.settings.accessTokenLifetimeSeconds = -60;
    try {
      const response = await requestToken({ client_secret: h.seed.application.secret });
      assert.equal(h.emulator.state.tokens.check(String(member(response, 'access_token'))).valid, false);
    } finally {
      h.emulator.state.settings.accessTokenLifetimeSeconds = 3599;
    }
  });

  it('accepts certificate assertions (PS256 + x5t#S256, RS256 + x5t) and refuses a foreign key or an expired one', async () => {
    for (const alg of ['PS256', 'RS256'] as const) {
      const ok = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: certificateAssertion(h, { alg }) });
      assert.equal(ok.status, 200, ok.text);
    }
    const foreignKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: certificateAssertion(h, { alg: 'PS256', key: foreignKey }) });
    assert.deepEqual([forged.status, member(forged, 'error_codes')], [401, [700027]]);
    const expired = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: certificateAssertion(h, { alg: 'RS256', lifetime: -3600 }) });
    assert.deepEqual(member(expired, 'error_codes'), [700024]);
  });

  it('exchanges an Azure DevOps ID token for a matching federated credential only', async () => {
    const idToken = (connectionId: string, lifetimeSeconds?: number): string => h.emulator.mintIdToken(h.seed.azureDevOps.organization, connectionId, lifetimeSeconds);
    const ok = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: idToken(h.seed.azureDevOps.serviceConnectionId) });
    assert.equal(ok.status, 200, ok.text);
    const expired = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: idToken(h.seed.azureDevOps.serviceConnectionId, -5) });
    assert.deepEqual([expired.status, member(expired, 'error_codes')], [401, [700024]]);
    const unmatched = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: idToken(h.seed.azureDevOps.unmatchedServiceConnectionId) });
    assert.deepEqual([unmatched.status, member(unmatched, 'error_codes')], [400, [700213]]);
    assert.match(String(member(unmatched, 'error_description')), /assertion subject 'sc:\/\/demo-org\/demo-project\/unrelated-wif'/);
    const strangerKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const notOurs = signJwt({ kid: 'x' }, { iss: 'a', sub: 'b', aud: 'api://AzureADTokenExchange' }, strangerKey);
    const forged = await requestToken({ client_assertion_type: JWT_BEARER, client_assertion: notOurs });
    assert.deepEqual(member(forged, 'error_codes'), [700027]);
  });
});
