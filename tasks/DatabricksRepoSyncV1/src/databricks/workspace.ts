// Workspace API: what is at a path (get-status) and creating folders (mkdirs).

import { readObjectInfo } from './answers';
import type { DatabricksClient } from './client';
import type { ObjectInfo, WorkspaceApi } from './types';

export function createWorkspaceApi(client: DatabricksClient): WorkspaceApi {
  return {
    async getStatus(path: string): Promise<ObjectInfo | undefined> {
      const operation = `looking up ${path}`;
      const query = `/api/2.0/workspace/get-status?path=${encodeURIComponent(path)}`;
      const answer = await client.call<unknown>('GET', query, { operation, notFound: 'undefined' });
      return answer === undefined ? undefined : readObjectInfo(operation, answer);
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
