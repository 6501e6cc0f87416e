// Databricks-native workload identity federation: the Azure DevOps ID token of this Databricks workspace connection
// (subject sc://<organisation>/<project>/<connection>) exchanged at the workspace (RFC 8693) for a Databricks token.
// No secret anywhere (connection scheme None with clientId).

import type { DatabricksSource } from '../../options';
import { pipelineIdToken } from '../azureDevOpsIdToken';
import { freshToken, type AccessToken } from '../freshToken';
import { AuthError, type AuthDependencies, type TokenHandler } from '../types';
import { neededPolicy, policyClaims } from './federationPolicy';
import { requestWorkspaceToken, TokenRefusal } from './tokenEndpoint';

type FederationSource = Extract<DatabricksSource, { kind: 'databricksFederation' }>;

const OPERATION = "exchanging the pipeline's ID token for a Databricks token";

async function exchange(source: FederationSource, deps: AuthDependencies): Promise<AccessToken> {
  // A fresh ID token for every exchange: it lives minutes, the Databricks token it buys an hour.
  const idToken = await pipelineIdToken(source.idToken, deps);
  const form = {
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: idToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    client_id: source.clientId,
  };
  try {
    return await requestWorkspaceToken({ host: source.host, form, operation: OPERATION }, deps);
  } catch (error) {
    if (!(error instanceof TokenRefusal)) throw error;
    throw new AuthError(`Databricks refused the pipeline's ID token (${error.message}). ${neededPolicy(policyClaims(idToken))}`);
  }
}

export const acquireWithDatabricksFederation: TokenHandler<FederationSource> = async (source, _request, deps) => ({
  databricks: await freshToken(() => exchange(source, deps)),
  clientId: source.clientId,
});
