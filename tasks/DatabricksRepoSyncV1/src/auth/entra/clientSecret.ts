// Token handler for an application that signs in with a client secret (authType clientSecret, scheme spnKey).

import type { CredentialSource } from '../../options';
import { acquireConfidentialTokens } from './confidentialClient';
import { AuthError, type TokenHandler } from '../types';

export type ClientSecretSource = Extract<CredentialSource, { kind: 'secret' }>;

export const acquireWithClientSecret: TokenHandler<ClientSecretSource> = async (source, request, deps) => {
  if (source.clientSecret.trim() === '') {
    throw new AuthError(
      'The client secret is empty: set the clientSecret input (or the service connection) to the secret value.',
    );
  }
  deps.setSecret(source.clientSecret);
  return acquireConfidentialTokens(source, { clientSecret: source.clientSecret }, request, deps);
};
