// Everything the emulator knows, in memory: the three services' state, the remote Git model, the token registry
// and the knobs tests turn (token lifetimes). Handlers read and change it; tests seed and inspect it directly.

import { AzureDevOpsDirectory } from './azureDevOpsDirectory';
import { DatabricksWorkspace } from './databricks/workspaceState';
import { EntraDirectory } from './entraDirectory';
import { RemoteRepositories } from './remotes';
import { TokenIssuer } from './tokenIssuer';

export interface EmulatorSettings {
  /** lifetime of Entra access tokens (token endpoint and managed identity); negative issues expired tokens */
  accessTokenLifetimeSeconds: number;
  /** lifetime of Azure DevOps pipeline ID tokens; negative issues expired ones (AADSTS700024 on exchange) */
  oidcTokenLifetimeSeconds: number;
}

export interface EmulatorState {
  /** https://127.0.0.1:<port>: authority host, Databricks workspace host and Azure DevOps base at once */
  readonly url: string;
  readonly settings: EmulatorSettings;
  readonly entra: EntraDirectory;
  readonly azureDevOps: AzureDevOpsDirectory;
  readonly workspace: DatabricksWorkspace;
  readonly remotes: RemoteRepositories;
  readonly tokens: TokenIssuer;
}

const DEFAULT_SETTINGS: EmulatorSettings = { accessTokenLifetimeSeconds: 3599, oidcTokenLifetimeSeconds: 600 };

export function createState(url: string): EmulatorState {
  const remotes = new RemoteRepositories();
  return {
    url,
    settings: { ...DEFAULT_SETTINGS },
    entra: new EntraDirectory(),
    azureDevOps: new AzureDevOpsDirectory(),
    workspace: new DatabricksWorkspace(remotes),
    remotes,
    tokens: new TokenIssuer(),
  };
}

/**
 * Every knob back to its default: token lifetimes, the workspace's behaviour, queued managed-identity answers. Seeded
 * tenants, identities, folders and credentials stay. Between tests, so that one that failed leaves no knob turned.
 */
export function resetKnobs(state: EmulatorState): void {
  Object.assign(state.settings, DEFAULT_SETTINGS);
  state.workspace.resetKnobs();
  state.entra.managedIdentityEndpoint.transientAnswers.length = 0;
}

/** Every token, ID token and secret the emulator issued or knows, for a check that none reached a log. */
export function knownSecrets(state: EmulatorState): string[] {
  const all = [
    ...state.tokens.allTokens(),
    ...state.entra.secrets(),
    ...state.azureDevOps.secrets(),
    ...state.remotes.secrets(),
    ...state.workspace.secrets(),
  ];
  return [...new Set(all.filter((secret) => secret.length > 0))];
}
