// The Databricks API surface sync.ts works against, built on one client.

import type { DatabricksClient } from './client';
import { createGitCredentialsApi } from './gitCredentials';
import { createPermissionsApi } from './permissions';
import { createReposApi, RepoPaths } from './repos';
import { createWorkspaceApi } from './workspace';
import type { DatabricksApi } from './types';

export function createDatabricksApi(client: DatabricksClient): DatabricksApi {
  // Shared so that permission failures name the folder by the path the repos calls saw.
  const paths = new RepoPaths();
  return {
    gitCredentials: createGitCredentialsApi(client),
    workspace: createWorkspaceApi(client),
    repos: createReposApi(client, paths),
    permissions: createPermissionsApi(client, paths),
  };
}
