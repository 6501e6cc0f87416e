// What every MSAL handler does with its token call: one fresh-token source per scope, both scopes asked at once,
// each token registered as a secret and its expiry kept, every failure mapped to an AuthError that says the fix.

import { inParallel } from '../../parallel';
import { freshToken, type AccessToken, type TokenSource } from '../freshToken';
import { AuthError, AZURE_DEVOPS_SCOPE, DATABRICKS_SCOPE, type AuthDependencies, type TokenRequest } from '../types';
import { toAuthError } from './entraErrors';

/** What an MSAL call answers that the task uses. */
export interface MsalTokenResult {
  accessToken?: string;
  expiresOn?: Date | null;
}

/** When MSAL says the token expires; without a date (never seen) the token is treated as short-lived. */
export function expiryOf(expiresOn: Date | null | undefined): number {
  return expiresOn ? expiresOn.getTime() : Date.now() + 5 * 60_000;
}

/**
 * The Databricks source (and the Azure DevOps one when asked). `call` asks MSAL for one scope; `activity` names the
 * sign-in in messages, e.g. "Signing in to Entra ID". Both requests leave together (SPEC §4.1); when one fails, the
 * other is waited out, so its retries cannot outlive the task result and the Databricks scope's error is reported.
 */
export async function scopeTokens(
  request: TokenRequest,
  deps: AuthDependencies,
  activity: string,
  call: (scope: string) => Promise<MsalTokenResult | null>,
): Promise<{ databricks: TokenSource; azureDevOps?: TokenSource }> {
  const acquire = (scope: string) => async (): Promise<AccessToken> => {
    try {
      const result = await call(scope);
      if (!result?.accessToken) throw new AuthError(`${activity} failed: the answer holds no access token for ${scope}.`);
      deps.setSecret(result.accessToken);
      return { value: result.accessToken, expiresAtMs: expiryOf(result.expiresOn) };
    } catch (error) {
      throw toAuthError(error, activity);
    }
  };
  const [databricks, azureDevOps] = await inParallel(
    freshToken(acquire(DATABRICKS_SCOPE)),
    request.azureDevOps ? freshToken(acquire(AZURE_DEVOPS_SCOPE)) : Promise.resolve(undefined),
  );
  return azureDevOps ? { databricks, azureDevOps } : { databricks };
}
