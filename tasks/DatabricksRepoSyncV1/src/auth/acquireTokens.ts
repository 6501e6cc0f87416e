// Entry point of the token-acquisition module: picks the handler for the credential source and says who signs in.

import type { CredentialSource } from '../options';
import { neutralise } from '../log';
import { acquireWithClientCertificate } from './clientCertificate';
import { acquireWithClientSecret } from './clientSecret';
import { acquireWithFederation } from './federation';
import { acquireWithManagedIdentity } from './managedIdentity';
import type { AuthDependencies, TokenRequest, Tokens } from './types';

/** One handler per credential source; each registers every secret and token it meets with `deps.setSecret`. */
export type TokenHandler<S extends CredentialSource> = (
  source: S,
  request: TokenRequest,
  deps: AuthDependencies,
) => Promise<Tokens>;

/** Gets the Databricks token (and the Azure DevOps token when `request.azureDevOps`) for the credential source. */
export async function acquireTokens(
  source: CredentialSource,
  request: TokenRequest,
  deps: AuthDependencies,
): Promise<Tokens> {
  deps.log.info(signInDescription(source));
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

/** The one log line about who signs in; ids only, never a secret. */
export function signInDescription(source: CredentialSource): string {
  if (source.kind === 'managedIdentity') {
    return source.clientId
      ? `Signing in with the user-assigned managed identity ${neutralise(source.clientId)}`
      : "Signing in with the agent machine's system-assigned managed identity";
  }
  const credential = {
    secret: 'a client secret',
    certificate: 'a client certificate',
    federation: 'workload identity federation',
  }[source.kind];
  return (
    `Signing in to Entra ID tenant ${neutralise(source.tenantId)} as application ${neutralise(source.clientId)} ` +
    `with ${credential}`
  );
}
