// msal-node 7 against the emulator: the authority metadata, every client-credentials form and both managed identity
// endpoint styles work with the real library, so end-to-end runs of the task meet no surprises.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import * as https from 'node:https';
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { decodeJwt } from '../../emulator/jwt';
import { DATABRICKS_RESOURCE } from '../../emulator/tokenIssuer';
import { member, startHarness, type Harness } from './harness';

/** msal's network client over node https trusting the emulator's CA (the task brings its own the same way). */
function networkClient(ca: string): INetworkModule {
  const send = <T>(method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const request = https.request(url, { method, headers, ca, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const flat = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
          resolve({ status: response.statusCode ?? 0, headers: flat, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options?.headers),
    sendPostRequestAsync: (url, options) => send('POST', url, options?.headers, options?.body),
  };
}

/** Runs a script in a child node (asynchronously: the emulator in this process must keep answering). */
function runNode(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 20000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

function appidOf(token: string): unknown {
  return decodeJwt(token)?.claims.appid;
}

describe('emulator: msal-node compatibility', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.emulator.stop());

  const confidentialClient = (auth: Record<string, unknown>): ConfidentialClientApplication =>
    new ConfidentialClientApplication({
      auth: {
        clientId: h.seed.application.clientId,
        authority: h.emulator.urls.authority(h.seed.tenant.id),
        knownAuthorities: [new URL(h.emulator.url).host],
        ...auth,
      },
      system: { networkClient: networkClient(h.emulator.caCertificate) },
    });
  const scopes = [`${DATABRICKS_RESOURCE}/.default`];

  it('acquires a token with a client secret, with no call outside the emulator', async () => {
    const result = await confidentialClient({ clientSecret: h.seed.application.secret }).acquireTokenByClientCredential({ scopes });
    assert.equal(appidOf(result?.accessToken ?? ''), h.seed.application.clientId);
    assert.ok(h.emulator.requests.count('GET /{tenant}/v2.0/.well-known/openid-configuration') >= 1);
  });

  it('surfaces the AADSTS code of a wrong secret', async () => {
    await assert.rejects(confidentialClient({ clientSecret: 'wrong' }).acquireTokenByClientCredential({ scopes }), /AADSTS7000215/);
  });

  it('acquires a token with a certificate (SHA-256 thumbprint, PS256) and with an authority named by domain', async () => {
    const thumbprintSha256 = crypto.createHash('sha256').update(new crypto.X509Certificate(h.seed.application.certificate.cert).raw).digest('hex');
    const app = confidentialClient({
      authority: h.emulator.urls.authority(h.seed.tenant.domain),
      clientCertificate: { thumbprintSha256, privateKey: h.seed.application.certificate.key },
    });
    const result = await app.acquireTokenByClientCredential({ scopes });
    assert.equal(appidOf(result?.accessToken ?? ''), h.seed.application.clientId);
  });

  it('acquires a token with a federated assertion callback fetching the pipeline ID token', async () => {
    const { azureDevOps } = h.seed;
    const clientAssertion = async (): Promise<string> => {
      const response = await h.call({
        method: 'POST',
        path: `${azureDevOps.oidcRequestUri}?api-version=7.1&serviceConnectionId=${azureDevOps.serviceConnectionId}`,
        bearer: azureDevOps.systemAccessToken,
        json: {},
      });
      return String(member(response, 'oidcToken'));
    };
    const result = await confidentialClient({ clientAssertion }).acquireTokenByClientCredential({ scopes, skipCache: true });
    assert.equal(appidOf(result?.accessToken ?? ''), h.seed.application.clientId);
  });

  // msal-node keeps its managed identity source and network client in process-wide statics, and other specs of the
  // unit suite use managed identity too: each managed identity case gets a node process of its own.
  it('acquires a user-assigned managed identity token from the App Service style endpoint (child process)', async () => {
    const script = `
      const { ManagedIdentityApplication } = require('@azure/msal-node');
      new ManagedIdentityApplication({ managedIdentityIdParams: { userAssignedClientId: '${h.seed.managedIdentity.userAssignedClientId}' } })
        .acquireToken({ resource: '${DATABRICKS_RESOURCE}' })
        .then((result) => process.stdout.write(result.accessToken), (error) => { process.stderr.write(String(error)); process.exit(1); });`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: h.emulator.caFile,
      IDENTITY_ENDPOINT: h.emulator.urls.appServiceIdentityEndpoint,
      IDENTITY_HEADER: h.seed.managedIdentity.identityHeader,
    };
    delete env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
    const child = await runNode(script, env);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(appidOf(child.stdout), h.seed.managedIdentity.userAssignedClientId);
  });

  // msal-node picks its managed identity source once per process (a static), so IMDS gets a process of its own;
  // it also shows msal's default fetch client trusting the emulator through NODE_EXTRA_CA_CERTS.
  it('acquires a system-assigned managed identity token from the IMDS style endpoint (child process)', async () => {
    const script = `
      const { ManagedIdentityApplication } = require('@azure/msal-node');
      new ManagedIdentityApplication({}).acquireToken({ resource: '${DATABRICKS_RESOURCE}' })
        .then((result) => process.stdout.write(result.accessToken), (error) => { process.stderr.write(String(error)); process.exit(1); });`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: h.emulator.caFile, AZURE_POD_IDENTITY_AUTHORITY_HOST: h.emulator.urls.imdsAuthorityHost };
    delete env.IDENTITY_ENDPOINT;
    delete env.IDENTITY_HEADER;
    const child = await runNode(script, env);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(appidOf(child.stdout), h.seed.managedIdentity.systemAssignedClientId);
    // msal-node asks for /metadata/identity/oauth2/token/ (trailing slash); the route label has none
    assert.equal(h.emulator.requests.filter({ route: 'GET /metadata/identity/oauth2/token', status: 200 }).length, 1);
  });
});
