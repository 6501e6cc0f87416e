// Databricks-native sign-in with a personal access token (connection scheme Token): used as the bearer token as it
// is. Legacy: a long-lived secret, so the log recommends OAuth or federation once.

import type { DatabricksSource } from '../../options';
import { freshToken } from '../freshToken';
import type { TokenHandler } from '../types';

type TokenSourceInput = Extract<DatabricksSource, { kind: 'databricksToken' }>;

export const acquireWithPersonalAccessToken: TokenHandler<TokenSourceInput> = async (source, _request, deps) => {
  deps.setSecret(source.token);
  deps.log.info(
    'A personal access token is a long-lived secret: Databricks recommends an OAuth secret or, with no secret at all, ' +
      'workload identity federation for the Databricks workspace connection.',
  );
  // A PAT's expiry is not known to the task: it is used as it is until Databricks refuses it.
  return { databricks: await freshToken(() => Promise.resolve({ value: source.token, expiresAtMs: Number.POSITIVE_INFINITY })) };
};
