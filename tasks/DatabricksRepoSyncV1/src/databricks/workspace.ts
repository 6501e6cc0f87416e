// Workspace API: what is at a path (get-status) and creating folders (mkdirs).

import type { DatabricksClient } from './client';
import type { ObjectInfo, WorkspaceApi } from './types';

export function createWorkspaceApi(client: DatabricksClient): WorkspaceApi {
  return {
    getStatus(path: string): Promise<ObjectInfo | undefined> {
      return client.call<ObjectInfo>('GET', `/api/2.0/workspace/get-status?path=${encodeURIComponent(path)}`, {
        operation: `looking up ${path}`,
        notFound: 'undefined',
      });
    },

    async mkdirs(path: string): Promise<void> {
      // mkdirs succeeds when the folder already exists, so a retry after a lost answer is harmless.
      await client.call<unknown>('POST', '/api/2.0/workspace/mkdirs', {
        operation: `creating the folder ${path}`,
        body: { path },
        idempotent: true,
      });
    },
  };
}
