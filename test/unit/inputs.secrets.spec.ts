// Specs of readTaskOptions and secrets: each one registered with the agent the moment it is read.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTaskOptions } from '../../tasks/DatabricksRepoSyncV1/src/inputs';
import { makeTempFolder, removeTempFolder } from '../support/tempFolders';
import { agentWith, assertRegisteredOnRead, CLIENT, PEM, problemsOf, TENANT } from './support/inputsAgent';

describe('inputs: secrets', () => {
  let tempDir: string;
  before(() => {
    tempDir = makeTempFolder('inputs-spec-');
  });
  after(() => removeTempFolder(tempDir));

  it('registers clientSecret the moment it is read', () => {
    const agent = agentWith({ inputs: { authType: 'clientSecret', tenantId: TENANT, clientId: CLIENT, clientSecret: ' app-secret ' } });
    readTaskOptions(agent);
    assertRegisteredOnRead(agent, 'getInput clientSecret', ' app-secret ');
    assertRegisteredOnRead(agent, 'getInput clientSecret', 'app-secret');
    const firstRead = agent.calls.findIndex((call) => call.startsWith('get') && call !== 'getInput authType');
    assert.equal(agent.calls[firstRead], 'getSecretInput clientSecret', 'the secret is read first, without debug echo');
  });

  it('registers gitToken the moment it is read', () => {
    const agent = agentWith({ inputs: { repoUrl: 'https://github.com/o/r', gitCredential: 'personalAccessToken', gitToken: 'ghp_x' } });
    readTaskOptions(agent);
    assertRegisteredOnRead(agent, 'getInput gitToken', 'ghp_x');
  });

  it('registers the service principal key and certificate straight after reading the authorization', () => {
    const key = agentWith({
      endpoints: { 'conn-1': { authorization: { scheme: 'ServicePrincipal', parameters: { serviceprincipalid: CLIENT, tenantid: TENANT, serviceprincipalkey: 'spn-key' } } } },
    });
    readTaskOptions(key);
    assertRegisteredOnRead(key, 'getEndpointAuthorization conn-1', 'spn-key');

    const certificate = agentWith({
      endpoints: {
        'conn-1': {
          authorization: {
            scheme: 'ServicePrincipal',
            parameters: { serviceprincipalid: CLIENT, tenantid: TENANT, authenticationType: 'spnCertificate', servicePrincipalCertificate: PEM },
          },
        },
      },
    });
    readTaskOptions(certificate);
    assertRegisteredOnRead(certificate, 'getEndpointAuthorization conn-1', PEM);
    assertRegisteredOnRead(certificate, 'getEndpointAuthorization conn-1', 'MIIEprivatekeybody0123');
  });

  it('registers the idToken straight after reading the authorization, even when the connection is invalid', () => {
    const agent = agentWith({
      endpoints: { 'conn-1': { authorization: { scheme: 'WorkloadIdentityFederation', parameters: { IDTOKEN: 'eyJ.secret' } } } },
    });
    const problems = problemsOf(agent);
    assertRegisteredOnRead(agent, 'getEndpointAuthorization conn-1', 'eyJ.secret');
    assert.ok(!problems.join(' ').includes('eyJ.secret'));
  });

  it('registers the system access token the moment it is read', () => {
    const agent = agentWith();
    readTaskOptions(agent);
    assertRegisteredOnRead(agent, 'getEndpointAuthorization SystemVssConnection', 'system-access-token');
  });

  it('registers the certificate file and each line of its key', () => {
    const file = path.join(tempDir, 'masked.pem');
    fs.writeFileSync(file, PEM);
    const agent = agentWith({ inputs: { authType: 'clientCertificate', tenantId: TENANT, clientId: CLIENT, certificatePath: file } });
    readTaskOptions(agent);
    assert.ok(agent.secrets.includes(PEM));
    assert.ok(agent.secrets.includes('MIIEprivatekeybody0123'));
    assert.ok(!agent.secrets.some((secret) => secret.trim() !== PEM.trim() && secret.startsWith('-----')), 'PEM markers are not masked');
  });

  it('never puts a secret into a problem message', () => {
    const agent = agentWith({
      inputs: { authType: 'clientSecret', tenantId: 'bad tenant', clientId: 'bad', clientSecret: 'app-secret', databricksHost: 'http://x' },
    });
    const problems = problemsOf(agent);
    assert.ok(problems.length >= 3);
    assert.ok(!problems.join(' ').includes('app-secret'));
  });

  it('reads repoUrl without the debug echo and registers a token pasted into it before anything else', () => {
    const withPassword = agentWith({ inputs: { repoUrl: 'https://me:p%40t-123456@github.com/o/r', gitCredential: 'none' } });
    readTaskOptions(withPassword);
    assertRegisteredOnRead(withPassword, 'getQuietInput repoUrl', 'p%40t-123456');
    assertRegisteredOnRead(withPassword, 'getQuietInput repoUrl', 'p@t-123456');
    assert.ok(!withPassword.calls.includes('getInput repoUrl'), 'never through getInput, whose task-lib version echoes the value');

    const tokenAsUser = agentWith({ inputs: { repoUrl: 'https://ghp_abcdefghijklmnop@github.com/o/r', gitCredential: 'none' } });
    readTaskOptions(tokenAsUser);
    assertRegisteredOnRead(tokenAsUser, 'getQuietInput repoUrl', 'ghp_abcdefghijklmnop');
  });

  it('registers only the secret part of a malformed repoUrl, before the problem that shows it (without it)', () => {
    const token = 'ghp_0123456789abcdefABCDEF';
    for (const repoUrl of [`user:${token}@github.com/o/r`, `https:/user:${token}@github.com/o/r`, `${token}@github.com/o/r`, `https://e:${token}@github.com/o/r`]) {
      const agent = agentWith({ inputs: { repoUrl, gitCredential: 'none' } });
      const problems = problemsOrNone(agent).join(' ');
      assertRegisteredOnRead(agent, 'getQuietInput repoUrl', token);
      assert.ok(!problems.includes(token), `${repoUrl}: ${problems}`);
      assert.ok(!agent.secrets.some((secret) => secret.length < 8), `no short value registered: ${agent.secrets.join(', ')}`);
    }
  });

  it('reads databricksHost and authorityHost without the debug echo and registers credentials in them first', () => {
    const agent = agentWith({
      inputs: { authType: 'clientSecret', tenantId: TENANT, clientId: CLIENT, clientSecret: 'app-secret', databricksHost: 'https://u:db-secret-123@adb-1.2.azuredatabricks.net', authorityHost: 'https://u:entra-secret-1@login.microsoftonline.com' },
    });
    readTaskOptions(agent);
    assertRegisteredOnRead(agent, 'getQuietInput databricksHost', 'db-secret-123');
    assertRegisteredOnRead(agent, 'getQuietInput authorityHost', 'entra-secret-1');
    assert.ok(!agent.calls.includes('getInput databricksHost') && !agent.calls.includes('getInput authorityHost'));
  });

  it('does not mask the organisation in an Azure DevOps URL (org@dev.azure.com is not a secret)', () => {
    const agent = agentWith({ inputs: { repoUrl: 'https://contoso@dev.azure.com/contoso/p/_git/r' } });
    readTaskOptions(agent);
    assert.ok(!agent.secrets.includes('contoso'));
  });

  it('registers the proxy password also URL-encoded, as it travels inside the proxy URL', () => {
    const agent = agentWith({ proxy: { proxyUrl: 'http://proxy:8080', proxyUsername: 'u', proxyPassword: 'p@ss:w/rd', proxyBypassHosts: [] } });
    readTaskOptions(agent);
    assert.ok(agent.secrets.includes('p@ss:w/rd'));
    assert.ok(agent.secrets.includes('p%40ss%3Aw%2Frd'));
  });
});

/** The problems of the inputs, or none when they are valid. */
function problemsOrNone(agent: ReturnType<typeof agentWith>): string[] {
  try {
    readTaskOptions(agent);
    return [];
  } catch {
    return problemsOf(agent);
  }
}
