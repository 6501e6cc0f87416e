// Entry point of the token-acquisition module: picks the family (Entra ID through MSAL, or Databricks-native) and the
// handler for the credential source, and says who signs in.

import { neutralise } from '../log';
import { isDatabricksSource, type CredentialSource, type DatabricksSource, type EntraSource } from '../options';
import { acquireDatabricksTokens } from './databricks';
import type { AuthDependencies, TokenRequest, Tokens } from './types';

/** Gets the Databricks token (and the Azure DevOps token when `request.azureDevOps`) for the credential source. */
export async function acquireTokens(source: CredentialSource, request: TokenRequest, deps: AuthDependencies): Promise<Tokens> {
  deps.log.info(signInDescription(source));
  if (isDatabricksSource(source)) return acquireDatabricksTokens(source, request, deps);
  // Loaded only for an Entra sign-in: MSAL is most of the task's code and a Databricks-native run never needs it.
  const { acquireEntraTokens } = await import('./entra/index.js');
  return acquireEntraTokens(source, request, deps);
}

/** The one log line about who signs in; ids only, never a secret. */
export function signInDescription(source: CredentialSource): string {
  return isDatabricksSource(source) ? databricksSignIn(source) : entraSignIn(source);
}

function entraSignIn(source: EntraSource): string {
  if (source.kind === 'managedIdentity') {
    return source.clientId
      ? `Signing in with the user-assigned managed identity ${neutralise(source.clientId)}`
      : "Signing in with the agent machine's system-assigned managed identity";
  }
  const credential = { secret: 'a client secret', certificate: 'a client certificate', federation: 'workload identity federation' }[source.kind];
  return `Signing in to Entra ID tenant ${neutralise(source.tenantId)} as application ${neutralise(source.clientId)} with ${credential}`;
}

function databricksSignIn(source: DatabricksSource): string {
  const workspace = `Signing in to the Databricks workspace ${neutralise(source.host)}`;
  if (source.kind === 'databricksToken') return `${workspace} with a personal access token`;
  const credential = source.kind === 'databricksOAuthSecret' ? 'an OAuth secret' : "workload identity federation (the pipeline's ID token)";
  return `${workspace} as service principal ${neutralise(source.clientId)} with ${credential}`;
}
