// The token strings of a sign-in, for specs that compare them: the module hands out token sources (freshToken.ts).

import type { Tokens } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';

export interface TokenValues {
  databricks: string;
  azureDevOps?: string;
  clientId?: string;
}

export async function tokenValues(tokens: Promise<Tokens> | Tokens): Promise<TokenValues> {
  const resolved = await tokens;
  const values: TokenValues = { databricks: await resolved.databricks.get(), clientId: resolved.clientId };
  if (resolved.azureDevOps) values.azureDevOps = await resolved.azureDevOps.get();
  return values;
}
