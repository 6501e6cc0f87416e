// Token handler for a managed identity of the agent's machine (system-assigned, or user-assigned by client id).

import { ManagedIdentityApplication } from '@azure/msal-node';
import type { CredentialSource } from '../../options';
import { inParallel } from '../../parallel';
import { expiryOf } from './confidentialClient';
import { toAuthError } from './entraErrors';
import { freshToken, type AccessToken } from '../freshToken';
import { createMsalNetworkClient } from './msalNetwork';
import { AuthError, AZURE_DEVOPS_SCOPE, DATABRICKS_SCOPE, type TokenHandler } from '../types';

export type ManagedIdentitySource = Extract<CredentialSource, { kind: 'managedIdentity' }>;

const ACTIVITY = 'Getting a managed identity token';

export const acquireWithManagedIdentity: TokenHandler<ManagedIdentitySource> = async (source, request, deps) => {
  let app: ManagedIdentityApplication;
  try {
    app = new ManagedIdentityApplication({
      managedIdentityIdParams: source.clientId ? { userAssignedClientId: source.clientId } : undefined,
      // The HTTP layer retries within the run's budget (SPEC §4.4); MSAL's own retries would ignore that budget.
      // MSAL remembers the identity source of the first app of the process (and its network client) in a static
      // field: fine for a task, which signs in once per process.
      system: {
        networkClient: createMsalNetworkClient(deps.http, 'requesting a managed identity token', 'the managed identity endpoint of the agent machine', 'managedIdentity'),
        disableInternalRetries: true,
      },
    });
  } catch (error) {
    throw toAuthError(error, ACTIVITY);
  }
  const tokenFor = (scope: string) => async (): Promise<AccessToken> => {
    try {
      // forceRefresh: MSAL's managed-identity token cache is static for the whole process; asking the endpoint
      // every time means a token is never one cached earlier for another identity
      const result = await app.acquireToken({ resource: resourceOf(scope), forceRefresh: true });
      if (!result?.accessToken) {
        throw new AuthError(`${ACTIVITY} failed: the managed identity endpoint answered without an access token.`);
      }
      deps.setSecret(result.accessToken);
      return { value: result.accessToken, expiresAtMs: expiryOf(result.expiresOn) };
    } catch (error) {
      throw toAuthError(error, ACTIVITY);
    }
  };
  // Both at once (SPEC §4.1); a failure waits for the other request, so its retries cannot outlive the task result
  // and the Databricks resource's error is the one reported whichever answer came first.
  const [databricks, azureDevOps] = await inParallel(
    freshToken(tokenFor(DATABRICKS_SCOPE)),
    request.azureDevOps ? freshToken(tokenFor(AZURE_DEVOPS_SCOPE)) : Promise.resolve(undefined),
  );
  return { databricks, azureDevOps, clientId: source.clientId || undefined };
};

/** Managed identity endpoints take the resource (application id URI), not a scope. */
function resourceOf(scope: string): string {
  return scope.replace(/\/\.default$/, '');
}
