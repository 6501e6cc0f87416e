// Specs of readTaskOptions for each authType and service-connection scheme.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTaskOptions } from '../../tasks/DatabricksRepoSyncV1/src/inputs';
import { makeTempFolder, removeTempFolder } from '../support/tempFolders';
import { agentWith, CLIENT, PEM, problemsOf, TENANT } from './support/inputsAgent';

describe('inputs: auth types', () => {
  let tempDir: string;
  before(() => {
    tempDir = makeTempFolder('inputs-spec-');
  });
  after(() => removeTempFolder(tempDir));

  it('clientSecret', () => {
    const agent = agentWith({
      inputs: { authType: 'ClientSecret', tenantId: 'contoso.onmicrosoft.com', clientId: CLIENT, clientSecret: 'app-secret' },
    });
    const options = readTaskOptions(agent);
    assert.deepEqual(options.credential, {
      kind: 'secret',
      authorityHost: 'https://login.microsoftonline.com',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: CLIENT,
      clientSecret: 'app-secret',
    });
    assert.equal(options.identityDescription, `client secret of application ${CLIENT} (tenant contoso.onmicrosoft.com)`);
    assert.ok(!agent.calls.includes('getInput azureSubscription'), 'the service connection is not read');
  });

  it('clientSecret with a sovereign authority host', () => {
    const inputs = {
      authType: 'clientSecret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 's',
      authorityHost: 'https://login.microsoftonline.us/',
    };
    const credential = readTaskOptions(agentWith({ inputs })).credential;
    assert.ok(credential.kind === 'secret' && credential.authorityHost === 'https://login.microsoftonline.us');
  });

  it('clientCertificate reads the PEM file', () => {
    const file = path.join(tempDir, 'app.pem');
    fs.writeFileSync(file, PEM);
    const inputs = { authType: 'clientCertificate', tenantId: TENANT, clientId: CLIENT, certificatePath: file };
    const options = readTaskOptions(agentWith({ inputs }));
    assert.deepEqual(options.credential, {
      kind: 'certificate',
      authorityHost: 'https://login.microsoftonline.com',
      tenantId: TENANT,
      clientId: CLIENT,
      certificatePem: PEM,
    });
    assert.equal(options.identityDescription, `client certificate of application ${CLIENT} (tenant ${TENANT})`);
  });

  it('clientCertificate: a directory (an empty filePath input) is a missing certificate', () => {
    const inputs = { authType: 'clientCertificate', tenantId: TENANT, clientId: CLIENT, certificatePath: tempDir };
    const problems = problemsOf(agentWith({ inputs }));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^certificatePath: no certificate file is given \(.* is a directory/);
  });

  it('clientCertificate: a missing file or one without a key', () => {
    const missing = { authType: 'clientCertificate', tenantId: TENANT, clientId: CLIENT, certificatePath: path.join(tempDir, 'none.pem') };
    assert.match(problemsOf(agentWith({ inputs: missing }))[0], /^certificatePath: the file '.*none\.pem' does not exist/);
    const keyless = path.join(tempDir, 'keyless.pem');
    fs.writeFileSync(keyless, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const noKey = { ...missing, certificatePath: keyless };
    assert.match(problemsOf(agentWith({ inputs: noKey }))[0], /^certificatePath: the file '.*keyless\.pem' holds no PEM private key/);
  });

  it('managedIdentity, system-assigned and user-assigned', () => {
    const system = readTaskOptions(agentWith({ inputs: { authType: 'managedIdentity' } }));
    assert.deepEqual(system.credential, { kind: 'managedIdentity' });
    assert.equal(system.identityDescription, 'managed identity (system-assigned)');
    const user = readTaskOptions(agentWith({ inputs: { authType: 'managedIdentity', clientId: CLIENT } }));
    assert.deepEqual(user.credential, { kind: 'managedIdentity', clientId: CLIENT });
  });

  it('serviceConnection ServicePrincipal (spnKey), ignoring the authorityHost input', () => {
    const endpoints = {
      'conn-1': {
        authorization: {
          scheme: 'ServicePrincipal',
          parameters: { serviceprincipalid: CLIENT, tenantid: TENANT, authenticationType: 'spnKey', serviceprincipalkey: 'spn-key' },
        },
        data: { activeDirectoryAuthority: 'https://login.microsoftonline.us/' },
      },
    };
    const options = readTaskOptions(agentWith({ endpoints, inputs: { authorityHost: 'https://login.microsoftonline.com' } }));
    assert.deepEqual(options.credential, {
      kind: 'secret',
      authorityHost: 'https://login.microsoftonline.us',
      authoritySource: "the service connection's Entra authority",
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'spn-key',
    });
    assert.equal(options.identityDescription, `service connection 'conn-1' (ServicePrincipal, secret, client ${CLIENT}, tenant ${TENANT})`);
  });

  it('serviceConnection WorkloadIdentityFederation with a late-bound idToken', () => {
    const endpoints = {
      'conn-1': {
        authorization: {
          scheme: 'WorkloadIdentityFederation',
          parameters: { serviceprincipalid: CLIENT, tenantid: TENANT, idToken: 'eyJ.late.bound' },
        },
      },
    };
    const credential = readTaskOptions(agentWith({ endpoints })).credential;
    assert.ok(credential.kind === 'federation');
    assert.deepEqual(credential.idToken, { kind: 'static', idToken: 'eyJ.late.bound' });
  });

  it('serviceConnection WorkloadIdentityFederation without System.OidcRequestUri uses the job variables', () => {
    const variables = {
      'System.OidcRequestUri': '',
      'System.CollectionUri': 'https://dev.azure.com/org/',
      'System.TeamProjectId': 'proj',
      'System.HostType': 'build',
      'System.PlanId': 'plan',
      'System.JobId': 'job',
    };
    const credential = readTaskOptions(agentWith({ variables })).credential;
    assert.ok(credential.kind === 'federation');
    assert.deepEqual(credential.idToken, {
      kind: 'request',
      serviceConnectionId: 'conn-1',
      systemAccessToken: 'system-access-token',
      collectionUri: 'https://dev.azure.com/org/',
      teamProjectId: 'proj',
      hostType: 'build',
      planId: 'plan',
      jobId: 'job',
    });
  });

  it('serviceConnection ManagedServiceIdentity', () => {
    const endpoints = { 'conn-1': { authorization: { scheme: 'ManagedServiceIdentity', parameters: {} }, data: { msiclientId: CLIENT } } };
    const options = readTaskOptions(agentWith({ endpoints }));
    assert.deepEqual(options.credential, { kind: 'managedIdentity', clientId: CLIENT });
    assert.equal(options.identityDescription, `service connection 'conn-1' (ManagedServiceIdentity, client ${CLIENT})`);
  });

  it('personalAccessToken keeps the token for the provider of the repository', () => {
    const inputs = { repoUrl: 'https://github.com/o/r', gitCredential: 'personalAccessToken', gitToken: 'ghp_token', gitUsername: 'bot', gitEmail: 'a@b.c' };
    const options = readTaskOptions(agentWith({ inputs }));
    assert.equal(options.gitProvider, 'gitHub');
    assert.deepEqual(options.gitCredential, { mode: 'personalAccessToken', token: 'ghp_token', username: 'bot', email: 'a@b.c' });
  });

  it('federated stores neither token nor committer', () => {
    const options = readTaskOptions(agentWith({ inputs: { gitCredential: 'federated', gitUsername: 'x', gitEmail: 'y@z' } }));
    assert.deepEqual(options.gitCredential, { mode: 'federated' });
  });
});
