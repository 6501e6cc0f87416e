// The Entra ID family of the token-acquisition module: one MSAL handler per credential source. Loaded only when the run
// signs in through Entra (acquireTokens.ts imports it lazily), so a Databricks-native sign-in never loads MSAL.

import type { EntraSource } from '../../options';
import type { AuthDependencies, TokenRequest, Tokens } from '../types';
import { acquireWithClientCertificate } from './clientCertificate';
import { acquireWithClientSecret } from './clientSecret';
import { acquireWithFederation } from './federation';
import { acquireWithManagedIdentity } from './managedIdentity';

export function acquireEntraTokens(source: EntraSource, request: TokenRequest, deps: AuthDependencies): Promise<Tokens> {
  switch (source.kind) {
    case 'secret':
      return acquireWithClientSecret(source, request, deps);
    case 'certificate':
      return acquireWithClientCertificate(source, request, deps);
    case 'federation':
      return acquireWithFederation(source, request, deps);
    case 'managedIdentity':
      return acquireWithManagedIdentity(source, request, deps);
  }
}
