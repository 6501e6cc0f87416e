// The inputs specs' agent: the project's FakeAgent on a valid setup, recording the order of calls to see when a
// secret was registered, plus helpers to read the InputError problems.

import * as assert from 'node:assert/strict';
import type { AgentProxy, EndpointAuthorization } from '../../../tasks/DatabricksRepoSyncV1/src/agent';
import { InputError, readTaskOptions } from '../../../tasks/DatabricksRepoSyncV1/src/inputs';
import { FakeAgent, type FakeAgentSetup } from './fakeAgent';

export const CLIENT = '11111111-1111-1111-1111-111111111111';
export const TENANT = '22222222-2222-2222-2222-222222222222';
export const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBcertificatebody\n-----END CERTIFICATE-----\n' +
  '-----BEGIN PRIVATE KEY-----\nMIIEprivatekeybody0123\n-----END PRIVATE KEY-----\n';
export const OIDC_REQUEST_URI =
  'https://dev.azure.com/org/proj-id/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken';

/** The fake agent of the project, also recording the order of calls to see when a secret was registered. */
export class RecordingAgent extends FakeAgent {
  readonly calls: string[] = [];

  override getInput(name: string): string | undefined {
    this.calls.push(`getInput ${name}`);
    return super.getInput(name);
  }
  override getQuietInput(name: string): string | undefined {
    this.calls.push(`getQuietInput ${name}`);
    return super.getQuietInput(name);
  }
  override getSecretInput(name: string): string | undefined {
    this.calls.push(`getSecretInput ${name}`);
    return super.getSecretInput(name);
  }
  override getVariable(name: string): string | undefined {
    this.calls.push(`getVariable ${name}`);
    return super.getVariable(name);
  }
  override getEndpointAuthorization(id: string): EndpointAuthorization | undefined {
    this.calls.push(`getEndpointAuthorization ${id}`);
    return super.getEndpointAuthorization(id);
  }
  override getEndpointDataParameter(id: string, key: string): string | undefined {
    this.calls.push(`getEndpointDataParameter ${id} ${key}`);
    return super.getEndpointDataParameter(id, key);
  }
  override getEndpointUrl(id: string): string | undefined {
    this.calls.push(`getEndpointUrl ${id}`);
    return super.getEndpointUrl(id);
  }
  override getHttpProxyConfiguration(): AgentProxy | undefined {
    this.calls.push('getHttpProxyConfiguration');
    return super.getHttpProxyConfiguration();
  }
  override setSecret(value: string): void {
    this.calls.push(`setSecret ${value}`);
    super.setSecret(value);
  }
}

export interface Overrides {
  inputs?: Record<string, string>;
  variables?: Record<string, string>;
  endpoints?: FakeAgentSetup['endpoints'];
  proxy?: AgentProxy;
  caFile?: string;
}

/** A valid WIF service-connection setup on an Azure DevOps CI build; each test changes what it is about. */
export function agentWith(overrides: Overrides = {}): RecordingAgent {
  return new RecordingAgent({
    inputs: {
      azureSubscription: 'conn-1',
      databricksHost: 'https://adb-1234567890123456.7.azuredatabricks.net',
      repoPath: '/Repos/ci/repo',
      ...overrides.inputs,
    },
    variables: {
      'Build.Repository.Uri': 'https://org@dev.azure.com/org/Project/_git/repo',
      'Build.SourceBranch': 'refs/heads/main',
      'Build.Reason': 'IndividualCI',
      'System.OidcRequestUri': OIDC_REQUEST_URI,
      ...overrides.variables,
    },
    endpoints: {
      'conn-1': {
        authorization: { scheme: 'WorkloadIdentityFederation', parameters: { serviceprincipalid: CLIENT, tenantid: TENANT } },
      },
      SystemVssConnection: { authorization: { scheme: 'OAuth', parameters: { AccessToken: 'system-access-token' } } },
      ...overrides.endpoints,
    },
    proxy: overrides.proxy,
    caFile: overrides.caFile,
  });
}

export function problemsOf(agent: RecordingAgent): string[] {
  try {
    readTaskOptions(agent);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.problems;
  }
  return assert.fail('expected an InputError');
}

/** The secret was registered right after the call that read it, before any other call could print it. */
export function assertRegisteredOnRead(agent: RecordingAgent, readCall: string, secret: string): void {
  const read = agent.calls.indexOf(readCall);
  assert.ok(read >= 0, `${readCall} was not made`);
  const following: string[] = [];
  for (const call of agent.calls.slice(read + 1)) {
    if (!call.startsWith('setSecret ')) break;
    following.push(call);
  }
  assert.ok(following.includes(`setSecret ${secret}`), `setSecret ${secret} did not follow ${readCall}: ${following.join(', ')}`);
}
