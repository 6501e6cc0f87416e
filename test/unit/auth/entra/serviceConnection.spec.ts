// Specs of the service connection dispatch: each scheme to its credential, authority host, description, errors.

import * as assert from 'node:assert/strict';
import type { EndpointAuthorization } from '../../../../tasks/DatabricksRepoSyncV1/src/agent';
import { authorizationParameter, type PipelineContext } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/connectionAuthorization';
import {
  credentialFromServiceConnection,
  describeServiceConnection,
  secretParameters,
  type ServiceConnection,
} from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/serviceConnection';
import { InputError } from '../../../../tasks/DatabricksRepoSyncV1/src/validation/inputError';

const CLIENT = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n' +
  '-----BEGIN PRIVATE KEY-----\nMIIEkey\n-----END PRIVATE KEY-----\n';
const PIPELINE: PipelineContext = {
  systemAccessToken: 'system-token',
  oidcRequestUri: 'https://dev.azure.com/org/proj/_apis/oidc',
  collectionUri: 'https://dev.azure.com/org/',
  teamProjectId: 'proj-id',
  hostType: 'build',
  planId: 'plan-id',
  jobId: 'job-id',
};

function connection(
  scheme: string,
  parameters: Record<string, string>,
  data: Record<string, string> = {},
  name?: string,
): ServiceConnection {
  const authorization: EndpointAuthorization = { scheme, parameters };
  return { id: 'conn-id', name, authorization, data: (key) => data[key] };
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.problems;
  }
  assert.fail('expected an InputError');
}

describe('auth/serviceConnection', () => {
  describe('ServicePrincipal', () => {
    it('spnKey gives a secret credential on the public cloud by default', () => {
      const source = connection('ServicePrincipal', {
        serviceprincipalid: CLIENT,
        tenantid: TENANT,
        authenticationType: 'spnKey',
        serviceprincipalkey: 'the-key',
      });
      assert.deepEqual(credentialFromServiceConnection(source, PIPELINE), {
        kind: 'secret',
        authorityHost: 'https://login.microsoftonline.com',
        authoritySource: "the service connection's Entra authority",
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: 'the-key',
      });
    });

    it('treats a missing authenticationType as spnKey and reads keys in any case', () => {
      const source = connection('serviceprincipal', {
        SERVICEPRINCIPALID: CLIENT,
        TenantId: TENANT,
        ServicePrincipalKey: 'the-key',
      });
      const credential = credentialFromServiceConnection(source, PIPELINE);
      assert.equal(credential.kind, 'secret');
      assert.ok(credential.kind === 'secret' && credential.clientSecret === 'the-key');
    });

    it('spnCertificate gives a certificate credential with the PEM', () => {
      const source = connection('ServicePrincipal', {
        serviceprincipalid: CLIENT,
        tenantid: TENANT,
        authenticationType: 'spnCertificate',
        servicePrincipalCertificate: PEM,
      });
      assert.deepEqual(credentialFromServiceConnection(source, PIPELINE), {
        kind: 'certificate',
        authorityHost: 'https://login.microsoftonline.com',
        authoritySource: "the service connection's Entra authority",
        tenantId: TENANT,
        clientId: CLIENT,
        certificatePem: PEM.trim(),
      });
    });

    it('reports every missing parameter, naming azureSubscription and the connection', () => {
      const problems = problemsOf(() => credentialFromServiceConnection(connection('ServicePrincipal', {}, {}, 'prod'), PIPELINE));
      assert.equal(problems.length, 3);
      for (const problem of problems) assert.match(problem, /^azureSubscription: service connection 'prod' /);
      assert.match(problems.join('\n'), /serviceprincipalid/);
      assert.match(problems.join('\n'), /tenantid/);
      assert.match(problems.join('\n'), /serviceprincipalkey/);
    });

    it('rejects a certificate without a private key and an unknown authenticationType', () => {
      const noKey = connection('ServicePrincipal', {
        serviceprincipalid: CLIENT,
        tenantid: TENANT,
        authenticationType: 'spnCertificate',
        servicePrincipalCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      });
      assert.match(problemsOf(() => credentialFromServiceConnection(noKey, PIPELINE)).join(' '), /no PEM private key/);
      const other = connection('ServicePrincipal', { serviceprincipalid: CLIENT, tenantid: TENANT, authenticationType: 'spnPassword' });
      assert.match(
        problemsOf(() => credentialFromServiceConnection(other, PIPELINE)).join(' '),
        /authenticationType 'spnPassword'\. Supported: spnKey, spnCertificate/,
      );
    });
  });

  describe('authority host', () => {
    const parameters = { serviceprincipalid: CLIENT, tenantid: TENANT, serviceprincipalkey: 'k' };

    it('prefers activeDirectoryAuthority, trailing slash removed', () => {
      const source = connection('ServicePrincipal', parameters, {
        activeDirectoryAuthority: 'https://login.microsoftonline.us/',
        environmentAuthorityUrl: 'https://login.windows.net/',
      });
      const credential = credentialFromServiceConnection(source, PIPELINE);
      assert.ok(credential.kind === 'secret' && credential.authorityHost === 'https://login.microsoftonline.us');
    });

    it('then environmentAuthorityUrl', () => {
      const source = connection('ServicePrincipal', parameters, { environmentAuthorityUrl: 'https://login.chinacloudapi.cn/' });
      const credential = credentialFromServiceConnection(source, PIPELINE);
      assert.ok(credential.kind === 'secret' && credential.authorityHost === 'https://login.chinacloudapi.cn');
    });

    it('rejects an authority that is not https', () => {
      const source = connection('ServicePrincipal', parameters, { activeDirectoryAuthority: 'http://login.local/' });
      assert.match(problemsOf(() => credentialFromServiceConnection(source, PIPELINE)).join(' '), /unusable authority host/);
    });
  });

  describe('WorkloadIdentityFederation', () => {
    it('uses the idToken parameter as a static assertion', () => {
      const source = connection('WorkloadIdentityFederation', { serviceprincipalid: CLIENT, tenantid: TENANT, idToken: 'eyJ.id.token' });
      assert.deepEqual(credentialFromServiceConnection(source, {}), {
        kind: 'federation',
        authorityHost: 'https://login.microsoftonline.com',
        authoritySource: "the service connection's Entra authority",
        tenantId: TENANT,
        clientId: CLIENT,
        idToken: { kind: 'static', idToken: 'eyJ.id.token' },
      });
    });

    it('otherwise requests one with System.OidcRequestUri', () => {
      const source = connection('WorkloadIdentityFederation', { serviceprincipalid: CLIENT, tenantid: TENANT });
      const credential = credentialFromServiceConnection(source, PIPELINE);
      assert.ok(credential.kind === 'federation');
      assert.deepEqual(credential.idToken, {
        kind: 'request',
        serviceConnectionId: 'conn-id',
        systemAccessToken: 'system-token',
        oidcRequestUri: PIPELINE.oidcRequestUri,
      });
    });

    it('or with the collection URI form when System.OidcRequestUri is absent', () => {
      const source = connection('WorkloadIdentityFederation', { serviceprincipalid: CLIENT, tenantid: TENANT });
      const credential = credentialFromServiceConnection(source, { ...PIPELINE, oidcRequestUri: undefined });
      assert.ok(credential.kind === 'federation');
      assert.deepEqual(credential.idToken, {
        kind: 'request',
        serviceConnectionId: 'conn-id',
        systemAccessToken: 'system-token',
        collectionUri: 'https://dev.azure.com/org/',
        teamProjectId: 'proj-id',
        hostType: 'build',
        planId: 'plan-id',
        jobId: 'job-id',
      });
    });

    it('fails when neither form can be built or the access token is missing', () => {
      const source = connection('WorkloadIdentityFederation', { serviceprincipalid: CLIENT, tenantid: TENANT });
      const problems = problemsOf(() => credentialFromServiceConnection(source, { collectionUri: 'https://dev.azure.com/org/' }));
      assert.equal(problems.length, 2);
      assert.match(problems[0], /System\.AccessToken/);
      assert.match(problems[1], /System\.OidcRequestUri/);
    });
  });

  describe('ManagedServiceIdentity', () => {
    it('uses msiclientId when given', () => {
      const source = connection('ManagedServiceIdentity', {}, { msiclientId: CLIENT });
      assert.deepEqual(credentialFromServiceConnection(source, PIPELINE), { kind: 'managedIdentity', clientId: CLIENT });
    });

    it('is system-assigned without it', () => {
      assert.deepEqual(credentialFromServiceConnection(connection('ManagedServiceIdentity', {}), PIPELINE), { kind: 'managedIdentity' });
    });
  });

  it('rejects an unknown scheme, naming it and the supported ones', () => {
    const problems = problemsOf(() => credentialFromServiceConnection(connection('PublishProfile', {}), PIPELINE));
    assert.deepEqual(problems, [
      "azureSubscription: service connection 'conn-id' uses the authorization scheme 'PublishProfile', which this task " +
        'does not support. Supported: ServicePrincipal, WorkloadIdentityFederation, ManagedServiceIdentity.',
    ]);
  });

  describe('describeServiceConnection', () => {
    it('names the connection, scheme, client and tenant, never a secret', () => {
      const source = connection(
        'WorkloadIdentityFederation',
        { serviceprincipalid: CLIENT, tenantid: TENANT, idToken: 'eyJ.secret' },
        {},
        'prod',
      );
      const text = describeServiceConnection(source);
      assert.equal(text, `service connection 'prod' (WorkloadIdentityFederation, client ${CLIENT}, tenant ${TENANT})`);
      assert.ok(!text.includes('eyJ'));
    });

    it('says secret or certificate for a service principal', () => {
      const key = connection('ServicePrincipal', { serviceprincipalid: CLIENT, tenantid: TENANT, serviceprincipalkey: 'k' });
      assert.equal(describeServiceConnection(key), `service connection 'conn-id' (ServicePrincipal, secret, client ${CLIENT}, tenant ${TENANT})`);
      const certificate = connection('ServicePrincipal', { serviceprincipalid: CLIENT, authenticationType: 'SPNCERTIFICATE' });
      assert.equal(describeServiceConnection(certificate), `service connection 'conn-id' (ServicePrincipal, certificate, client ${CLIENT})`);
    });

    it('says which managed identity', () => {
      assert.equal(describeServiceConnection(connection('ManagedServiceIdentity', {})), "service connection 'conn-id' (ManagedServiceIdentity, system-assigned)");
      assert.equal(
        describeServiceConnection(connection('ManagedServiceIdentity', {}, { msiclientId: CLIENT })),
        `service connection 'conn-id' (ManagedServiceIdentity, client ${CLIENT})`,
      );
    });
  });

  describe('parameters', () => {
    it('are looked up in any case, trimmed, empty as undefined', () => {
      const authorization = { scheme: 'x', parameters: { TenantID: ' t ', empty: '  ' } };
      assert.equal(authorizationParameter(authorization, 'tenantid'), 't');
      assert.equal(authorizationParameter(authorization, 'EMPTY'), undefined);
      assert.equal(authorizationParameter(authorization, 'missing'), undefined);
    });

    it('lists the secret ones whatever their case', () => {
      const authorization = {
        scheme: 'x',
        parameters: { IDTOKEN: 'a', serviceprincipalkey: 'b', servicePrincipalCertificate: 'c', AccessToken: 'd', tenantid: 't', idtoken2: 'e' },
      };
      assert.deepEqual(secretParameters(authorization), ['a', 'b', 'c', 'd']);
    });
  });
});
