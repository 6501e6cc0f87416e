// Git credentials API: the signed-in identity's stored Git credentials (list, create, update).

import type { DatabricksClient } from './client';
import type { GitCredentialInfo, GitCredentialRequest, GitCredentialsApi } from './types';

const BASE = '/api/2.0/git-credentials';

export function createGitCredentialsApi(client: DatabricksClient): GitCredentialsApi {
  return {
    async list(): Promise<GitCredentialInfo[]> {
      const answer = await client.call<{ credentials?: GitCredentialInfo[] }>('GET', BASE, {
        operation: 'listing the Git credentials of the identity',
      });
      return answer.credentials ?? [];
    },

    create(body: GitCredentialRequest): Promise<GitCredentialInfo> {
      // Not blindly retried: a second create would fail with "only one credential per provider"; the caller lists again.
      return client.call<GitCredentialInfo>('POST', BASE, {
        operation: `creating the ${body.git_provider} Git credential`,
        body,
        idempotent: false,
      });
    },

    async update(credentialId: string, body: GitCredentialRequest): Promise<void> {
      await client.call<unknown>('PATCH', `${BASE}/${encodeURIComponent(credentialId)}`, {
        operation: `updating the ${body.git_provider} Git credential ${credentialId}`,
        body,
      });
    },
  };
}
