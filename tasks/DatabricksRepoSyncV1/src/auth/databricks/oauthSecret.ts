// Databricks-native sign-in with an OAuth secret (machine-to-machine): the client credentials grant at the workspace,
// the service principal's application id and OAuth secret in HTTP Basic (connection scheme UsernamePassword).

import type { DatabricksSource } from '../../options';
import { freshToken } from '../freshToken';
import { AuthError, type TokenHandler } from '../types';
import { requestWorkspaceToken, TokenRefusal } from './tokenEndpoint';

type OAuthSecretSource = Extract<DatabricksSource, { kind: 'databricksOAuthSecret' }>;

const OPERATION = 'requesting a Databricks OAuth token with the client secret';

const WRONG_SECRET =
  "Check the Databricks workspace connection: its user name must be the service principal's application (client) id " +
  'and its password an OAuth secret of that service principal that has not expired (workspace Settings > Identity and ' +
  'access > Service principals > the service principal > Secrets > Generate secret), and the service principal must ' +
  'be added to this workspace.';

export const acquireWithDatabricksOAuthSecret: TokenHandler<OAuthSecretSource> = async (source, _request, deps) => {
  deps.setSecret(source.clientSecret);
  const acquire = async () => {
    try {
      return await requestWorkspaceToken(
        {
          host: source.host,
          form: { grant_type: 'client_credentials' },
          basic: { clientId: source.clientId, secret: source.clientSecret },
          operation: OPERATION,
        },
        deps,
      );
    } catch (error) {
      if (!(error instanceof TokenRefusal)) throw error;
      const fix = error.error === 'invalid_client' || error.status === 401 ? WRONG_SECRET : 'Check the Databricks workspace connection.';
      throw new AuthError(`Databricks refused the OAuth client id or secret (${error.message}). ${fix}`);
    }
  };
  return { databricks: await freshToken(acquire), clientId: source.clientId };
};
