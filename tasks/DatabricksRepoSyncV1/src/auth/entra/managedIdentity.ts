// Token handler for a managed identity of the agent's machine (system-assigned, or user-assigned by client id).

import { ManagedIdentityApplication } from '@azure/msal-node';
import type { CredentialSource } from '../../options';
import type { TokenHandler } from '../types';
import { toAuthError } from './entraErrors';
import { createMsalNetworkClient } from './msalNetwork';
import { scopeTokens } from './scopeTokens';

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
  // forceRefresh: MSAL's managed-identity token cache is static for the whole process; asking the endpoint every time
  // means a token is never one cached earlier for another identity
  const tokens = await scopeTokens(request, deps, ACTIVITY, (scope) => app.acquireToken({ resource: resourceOf(scope), forceRefresh: true }));
  return { ...tokens, clientId: source.clientId || undefined };
};

/** Managed identity endpoints take the resource (application id URI), not a scope. */
function resourceOf(scope: string): string {
  return scope.replace(/\/\.default$/, '');
}
