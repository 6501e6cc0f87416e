// Git credentials API: the signed-in identity's stored Git credentials (list, create, update).

import { readCredentialInfo, readCredentialList } from './answers';
import type { DatabricksClient } from './client';
import type { GitCredentialInfo, GitCredentialRequest, GitCredentialsApi } from './types';

const BASE = '/api/2.0/git-credentials';

export function createGitCredentialsApi(client: DatabricksClient): GitCredentialsApi {
  return {
    async list(): Promise<GitCredentialInfo[]> {
      const operation = 'listing the Git credentials of the identity';
      return readCredentialList(operation, await client.call<unknown>('GET', BASE, { operation }));
    },

    async create(body: GitCredentialRequest, resend = false): Promise<GitCredentialInfo> {
      const operation = `creating the ${body.git_provider} Git credential`;
      // Not blindly retried: a second create would fail with "only one credential per provider"; the caller lists again.
      const answer = await client.call<unknown>('POST', BASE, { operation, body, idempotent: false, withinRetryBudget: resend });
      return readCredentialInfo(operation, answer);
    },

    async update(credentialId: string, body: GitCredentialRequest): Promise<void> {
      await client.call<unknown>('PATCH', `${BASE}/${encodeURIComponent(credentialId)}`, {
        operation: `updating the ${body.git_provider} Git credential ${credentialId}`,
        body,
      });
    },
  };
}
