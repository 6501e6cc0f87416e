// Token handler for workload identity federation: the pipeline's ID token is the client assertion.

import type { CredentialSource, IdTokenSource } from '../../options';
import { acquireConfidentialTokens } from './confidentialClient';
import { requestOidcToken } from '../azureDevOpsIdToken';
import type { AuthDependencies, TokenHandler } from '../types';
import { AuthError } from '../types';

export type FederationSource = Extract<CredentialSource, { kind: 'federation' }>;

export const acquireWithFederation: TokenHandler<FederationSource> = async (source, request, deps) => {
  if (source.idToken.kind === 'static') {
    if (source.idToken.idToken === '') {
      throw new AuthError("The service connection's ID token is empty.");
    }
    deps.setSecret(source.idToken.idToken);
  }
  const idToken = source.idToken;
  // A callback, not a string: MSAL calls it for every token request, so each one gets a fresh ID token, which
  // lives about ten minutes (an expired one fails with AADSTS700024).
  const clientAssertion = (): Promise<string> => idTokenFrom(idToken, deps);
  return acquireConfidentialTokens(source, { clientAssertion }, request, deps);
};

/** The ID token: the one the service connection gave (late-bound idToken), else a fresh one from Azure DevOps. */
async function idTokenFrom(source: IdTokenSource, deps: AuthDependencies): Promise<string> {
  if (source.kind === 'static') {
    return source.idToken;
  }
  return requestOidcToken(source, deps);
}
