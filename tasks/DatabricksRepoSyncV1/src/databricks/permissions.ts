// Permissions API for one Git folder: read, merge (PATCH) or replace (PUT) its access control list.

import type { DatabricksClient } from './client';
import { RepoPaths } from './repos';
import type { AccessControlRequest, PermissionsApi, RepoPermissions } from './types';

function permissionsUrl(repoId: string): string {
  return `/api/2.0/permissions/repos/${encodeURIComponent(repoId)}`;
}

export function createPermissionsApi(client: DatabricksClient, paths: RepoPaths = new RepoPaths()): PermissionsApi {
  return {
    get(repoId: string): Promise<RepoPermissions> {
      return client.call<RepoPermissions>('GET', permissionsUrl(repoId), {
        operation: `reading the permissions of ${paths.describe(repoId)}`,
      });
    },

    update(repoId: string, acl: AccessControlRequest[]): Promise<RepoPermissions> {
      return client.call<RepoPermissions>('PATCH', permissionsUrl(repoId), {
        operation: `adding permissions to ${paths.describe(repoId)}`,
        body: { access_control_list: acl },
      });
    },

    set(repoId: string, acl: AccessControlRequest[]): Promise<RepoPermissions> {
      return client.call<RepoPermissions>('PUT', permissionsUrl(repoId), {
        operation: `replacing the permissions of ${paths.describe(repoId)}`,
        body: { access_control_list: acl },
      });
    },
  };
}
