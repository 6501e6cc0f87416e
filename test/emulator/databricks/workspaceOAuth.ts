// How identities sign in to the workspace itself, besides Entra ID: OAuth secrets of service principals, service
// principal federation policies (workload identity federation), and personal access tokens.

import * as crypto from 'node:crypto';

/** A service principal federation policy (account API oidc_policy): which ID tokens may become this principal. */
export interface FederationPolicy {
  issuer: string;
  subject: string;
  /** the token's aud must be one of these */
  audiences: string[];
}

/** Audience of the access tokens the workspace's own token endpoint issues (the Entra ones carry the resource id). */
export const WORKSPACE_TOKEN_AUDIENCE = 'databricks-workspace-oauth';

export class WorkspaceOAuth {
  /** application id (lower case) → its OAuth secrets */
  private readonly secrets = new Map<string, Set<string>>();
  /** application id (lower case) → its federation policies */
  private readonly policies = new Map<string, FederationPolicy[]>();
  /** personal access token → the application id of its owner */
  private readonly personalAccessTokens = new Map<string, string>();

  /** A new OAuth secret for a service principal (as "Generate secret" makes one); `value` for a stable demo secret. */
  addSecret(applicationId: string, value = `dose${crypto.randomBytes(24).toString('hex')}`): string {
    const key = applicationId.toLowerCase();
    this.secrets.set(key, (this.secrets.get(key) ?? new Set()).add(value));
    return value;
  }

  hasSecret(applicationId: string, secret: string): boolean {
    return this.secrets.get(applicationId.toLowerCase())?.has(secret) === true;
  }

  addFederationPolicy(applicationId: string, policy: FederationPolicy): void {
    const key = applicationId.toLowerCase();
    this.policies.set(key, [...(this.policies.get(key) ?? []), policy]);
  }

  federationPolicies(applicationId: string): FederationPolicy[] {
    return this.policies.get(applicationId.toLowerCase()) ?? [];
  }

  /** A personal access token of a service principal (token management on its behalf). */
  addPersonalAccessToken(applicationId: string, value = `dapi${crypto.randomBytes(16).toString('hex')}`): string {
    this.personalAccessTokens.set(value, applicationId);
    return value;
  }

  revokePersonalAccessToken(value: string): void {
    this.personalAccessTokens.delete(value);
  }

  /** The application id a personal access token belongs to; undefined for an unknown or revoked one. */
  ownerOfPersonalAccessToken(value: string): string | undefined {
    return this.personalAccessTokens.get(value);
  }

  /** Every secret known here, for the leak check. */
  allSecrets(): string[] {
    return [...[...this.secrets.values()].flatMap((set) => [...set]), ...this.personalAccessTokens.keys()];
  }
}
