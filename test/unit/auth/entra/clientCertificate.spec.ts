// Specs of the certificate handler: reading the PEM, and a client assertion Entra could verify with the certificate.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import {
  acquireWithClientCertificate,
  readCertificatePem,
} from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/clientCertificate';
import type { ClientCertificateSource } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/clientCertificate';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { createClientCertificate } from '../../../support/tls';
import type { ClientCertificate } from '../../../support/tls';
import { AuthFixture, CLIENT_ID, rejectionOf, TENANT } from '../support/authFixture';
import { tokenValues } from '../support/tokenValues';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function sha256Thumbprint(certificatePem: string): Buffer {
  return crypto.createHash('sha256').update(new crypto.X509Certificate(certificatePem).raw).digest();
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('auth/clientCertificate', () => {
  let fixture: AuthFixture;
  let client: ClientCertificate;
  let other: ClientCertificate;

  before(async () => {
    fixture = await AuthFixture.start();
    [client, other] = await Promise.all([createClientCertificate('repo-sync-app'), createClientCertificate('other')]);
  });
  beforeEach(() => fixture.reset());
  afterEach(() => fixture.restore());
  after(() => fixture.stop());

  describe('readCertificatePem', () => {
    it('gives the SHA-256 thumbprint of the certificate and its private key', () => {
      const credential = readCertificatePem(client.pem);

      assert.equal(credential.thumbprintSha256, sha256Thumbprint(client.cert).toString('hex'));
      assert.match(credential.privateKey, /^-----BEGIN PRIVATE KEY-----/);
      assert.ok(crypto.createPrivateKey(credential.privateKey).equals(crypto.createPrivateKey(client.key)));
    });

    it('finds the certificate of the key among a chain, in any order', () => {
      const credential = readCertificatePem(`${client.key}\n${other.cert}\n${client.cert}`);

      assert.equal(credential.thumbprintSha256, sha256Thumbprint(client.cert).toString('hex'));
    });

    it('reads a PKCS#1 (BEGIN RSA PRIVATE KEY) key too', () => {
      const pkcs1 = crypto.createPrivateKey(client.key).export({ type: 'pkcs1', format: 'pem' }).toString();

      const credential = readCertificatePem(`${client.cert}\n${pkcs1}`);

      assert.match(credential.privateKey, /^-----BEGIN PRIVATE KEY-----/);
    });

    it('says the private key is missing', () => {
      assert.throws(() => readCertificatePem(client.cert), (error: Error) => {
        return error instanceof AuthError && /has no private key:/.test(error.message);
      });
    });

    it('says the certificate is missing', () => {
      assert.throws(() => readCertificatePem(client.key), (error: Error) => {
        return error instanceof AuthError && /has no certificate:/.test(error.message);
      });
    });

    it('says both are missing, for an empty file', () => {
      assert.throws(() => readCertificatePem(''), /has no private key and no certificate/);
    });

    it('refuses a key that belongs to none of the certificates', () => {
      assert.throws(() => readCertificatePem(`${other.cert}\n${client.key}`), /No certificate in the PEM belongs to its private key/);
    });

    it('refuses an encrypted key, saying to export it without a password', () => {
      const encrypted = crypto
        .createPrivateKey(client.key)
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
        .toString();

      assert.throws(() => readCertificatePem(`${client.cert}\n${encrypted}`), /encrypted: export it without a password/);
    });
  });

  describe('acquireWithClientCertificate', () => {
    const source = (): ClientCertificateSource => ({
      kind: 'certificate',
      authorityHost: fixture.server.origin,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      certificatePem: client.pem,
    });

    it('sends a jwt-bearer client assertion signed with the key and carrying the x5t#S256 thumbprint', async () => {
      const tokens = await tokenValues(acquireWithClientCertificate(source(), { azureDevOps: false }, fixture.deps));

      assert.ok(tokens.databricks.startsWith('access-2ff814a6'));
      const [request] = fixture.server.tokenRequests();
      assert.equal(request.form.get('grant_type'), 'client_credentials');
      assert.equal(request.form.get('client_assertion_type'), JWT_BEARER);
      assert.equal(request.form.get('client_secret'), null);
      const [header, payload, signature] = (request.form.get('client_assertion') ?? '').split('.');
      assert.deepEqual(decodePart(header).alg, 'PS256');
      assert.equal(decodePart(header)['x5t#S256'], sha256Thumbprint(client.cert).toString('base64url'));
      const verified = crypto.verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        {
          key: new crypto.X509Certificate(client.cert).publicKey,
          padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
        },
        Buffer.from(signature, 'base64url'),
      );
      assert.equal(verified, true, "the assertion's signature does not verify with the certificate's public key");
      const claims = decodePart(payload);
      assert.equal(claims.aud, `${fixture.server.origin}/${TENANT}/oauth2/v2.0/token`);
      assert.equal(claims.iss, CLIENT_ID);
      assert.equal(claims.sub, CLIENT_ID);
    });

    it('registers the private key (whole and line by line) and every token with setSecret', async () => {
      const tokens = await tokenValues(acquireWithClientCertificate(source(), { azureDevOps: true }, fixture.deps));

      const keyBlock = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(client.pem)?.[0];
      assert.ok(keyBlock !== undefined && fixture.secrets.includes(keyBlock), 'the private key was not registered whole');
      const keyLines = client.key.split(/\r?\n/).filter((line) => line && !line.startsWith('-----'));
      assert.ok(keyLines.every((line) => fixture.secrets.includes(line)), 'a line of the private key was not registered');
      assert.ok(fixture.secrets.includes(tokens.databricks));
      assert.ok(fixture.secrets.includes(tokens.azureDevOps as string));
    });

    it('fails before any request when the PEM lacks the key', async () => {
      const error = await rejectionOf(
        acquireWithClientCertificate({ ...source(), certificatePem: client.cert }, { azureDevOps: false }, fixture.deps),
      );

      assert.match(error.message, /has no private key/);
      assert.equal(fixture.http.sent.length, 0);
    });
  });
});
