// The Databricks-native family of the token-acquisition module: the workspace's own OAuth (client secret or workload
// identity federation) and personal access tokens, for Databricks on any cloud. No Entra ID, no MSAL.

import type { DatabricksSource } from '../../options';
import { AuthError, type AuthDependencies, type TokenRequest, type Tokens } from '../types';
import { acquireWithDatabricksOAuthSecret } from './oauthSecret';
import { acquireWithPersonalAccessToken } from './personalAccessToken';
import { acquireWithDatabricksFederation } from './workloadIdentity';

export function acquireDatabricksTokens(source: DatabricksSource, request: TokenRequest, deps: AuthDependencies): Promise<Tokens> {
  if (request.azureDevOps) {
    // inputs.ts refuses gitCredential entraToken with this sign-in; an Azure DevOps token needs Entra ID.
    return Promise.reject(new AuthError('An Azure DevOps token needs a Microsoft Entra sign-in, not a Databricks workspace connection.'));
  }
  switch (source.kind) {
    case 'databricksOAuthSecret':
      return acquireWithDatabricksOAuthSecret(source, request, deps);
    case 'databricksFederation':
      return acquireWithDatabricksFederation(source, request, deps);
    case 'databricksToken':
      return acquireWithPersonalAccessToken(source, request, deps);
  }
}
