// Token handler for workload identity federation: the pipeline's ID token is the client assertion.

import type { CredentialSource } from '../../options';
import { pipelineIdToken } from '../azureDevOpsIdToken';
import type { TokenHandler } from '../types';
import { acquireConfidentialTokens } from './confidentialClient';

export type FederationSource = Extract<CredentialSource, { kind: 'federation' }>;

export const acquireWithFederation: TokenHandler<FederationSource> = async (source, request, deps) => {
  // A callback, not a string: MSAL calls it for every token request, so each one gets a fresh ID token, which
  // lives about ten minutes (an expired one fails with AADSTS700024).
  const clientAssertion = (): Promise<string> => pipelineIdToken(source.idToken, deps);
  return acquireConfidentialTokens(source, { clientAssertion }, request, deps);
};
