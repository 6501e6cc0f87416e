// The *Databricks workspace* service connection of the demo world (SPEC §7) as the agent hands it to a task, one per
// scheme, and the inputs of a run that signs in with it.

import type { EndpointSpec, RunTaskOptions } from '../agent/agentRunner';
import type { E2eWorld } from './fixture';

export type WorkspaceScheme = 'None' | 'UsernamePassword' | 'Token';

/** The connection with the Databricks-managed service principal of the seed; `overrides` change any part of it. */
export function workspaceConnection(world: E2eWorld, scheme: WorkspaceScheme, overrides: Partial<EndpointSpec> = {}): EndpointSpec {
  const principal = world.seed.databricksPrincipal;
  const parameters: Record<WorkspaceScheme, Record<string, string>> = {
    None: { clientId: principal.clientId },
    UsernamePassword: { username: principal.clientId, password: principal.oauthSecret },
    Token: { apitoken: principal.personalAccessToken },
  };
  return { id: principal.serviceConnectionId, url: world.emulator.url, scheme, parameters: parameters[scheme], data: {}, ...overrides };
}

/**
 * Options of a run with authType databricksConnection that syncs the GitHub demo repository with a personal access
 * token (a Databricks-managed service principal cannot use an Entra token for Azure DevOps).
 */
export function databricksSignIn(world: E2eWorld, connection: EndpointSpec, inputs: Record<string, string> = {}): Partial<RunTaskOptions> {
  return {
    endpoints: [connection],
    secretVariables: { githubToken: world.seed.gitHubRepository.token },
    inputs: {
      authType: 'databricksConnection',
      databricksConnection: connection.id,
      azureSubscription: '',
      databricksHost: '',
      repoUrl: world.seed.gitHubRepository.url,
      gitCredential: 'personalAccessToken',
      gitToken: '$(githubToken)',
      ...inputs,
    },
  };
}
