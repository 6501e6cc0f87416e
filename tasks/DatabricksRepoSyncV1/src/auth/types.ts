// The contract of the token-acquisition module, shared by both families (Entra ID through MSAL, and Databricks-native):
// which tokens a run needs, what it gets back, and the shape of one credential source's handler.

import type { HttpClient } from '../http/types';
import type { Logger } from '../log';
import type { CredentialSource } from '../options';
import type { TokenSource } from './freshToken';

export type { TokenSource } from './freshToken';

/** Entra scopes of the two resources this task talks to. */
export const DATABRICKS_SCOPE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default';
export const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

export interface TokenRequest {
  /** also get an Azure DevOps token (gitCredential: entraToken) */
  azureDevOps: boolean;
}

/** Sources rather than strings: each hands out a token with more than 40 s left (freshToken.ts). */
export interface Tokens {
  databricks: TokenSource;
  azureDevOps?: TokenSource;
  /** the application (client) id that signed in, for the log and the `federated` hint; undefined for system-assigned MI */
  clientId?: string;
}

/** One handler per credential source; each registers every secret and token it meets with `deps.setSecret`. */
export type TokenHandler<S extends CredentialSource> = (source: S, request: TokenRequest, deps: AuthDependencies) => Promise<Tokens>;

export interface AuthDependencies {
  http: HttpClient;
  /** registers a value with the agent so it is masked (tl.setSecret) */
  setSecret(value: string): void;
  log: Logger;
}

/** An error signing in, with a message that says the fix. */
export class AuthError extends Error {
  constructor(message: string, public readonly aadstsCode?: string) {
    super(message);
    this.name = 'AuthError';
  }
}
