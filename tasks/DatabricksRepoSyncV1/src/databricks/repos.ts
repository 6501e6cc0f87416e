// Repos API: one Git folder by id (get, create, check out / update, delete).

import { readRepoInfo, readUpdateAnswer } from './answers';
import type { DatabricksClient } from './client';
import type { CreateRepoRequest, RepoInfo, ReposApi, UpdateRepoRequest } from './types';

/**
 * Workspace paths of the Git folders seen in this run, by id, so that a failure of a call that only has the id
 * ("checking out branch 'main' in /Repos/ci/app") still names the folder the user knows.
 */
export class RepoPaths {
  private readonly paths = new Map<string, string>();

  remember(repo: Partial<RepoInfo> | undefined): void {
    if (repo?.id && repo.path) this.paths.set(repo.id, repo.path);
  }

  describe(repoId: string): string {
    return this.paths.get(repoId) ?? `the Git folder with id ${repoId}`;
  }
}

function repoUrl(repoId: string): string {
  return `/api/2.0/repos/${encodeURIComponent(repoId)}`;
}

function updateOperation(body: UpdateRepoRequest, folder: string): string {
  if (body.branch !== undefined) return `checking out branch '${body.branch}' in ${folder}`;
  if (body.tag !== undefined) return `checking out tag '${body.tag}' in ${folder}`;
  return `updating the sparse checkout of ${folder}`;
}

export function createReposApi(client: DatabricksClient, paths: RepoPaths = new RepoPaths()): ReposApi {
  return {
    async get(repoId: string): Promise<RepoInfo | undefined> {
      const operation = `reading ${paths.describe(repoId)}`;
      const answer = await client.call<unknown>('GET', repoUrl(repoId), { operation, notFound: 'undefined' });
      if (answer === undefined) return undefined;
      const repo = readRepoInfo(operation, answer);
      paths.remember(repo);
      return repo;
    },

    async create(body: CreateRepoRequest, resend = false): Promise<RepoInfo> {
      const operation = `creating the Git folder ${body.path}`;
      // Not blindly retried: a partial create may have left the folder; the caller looks it up by path instead.
      const answer = await client.call<unknown>('POST', '/api/2.0/repos', { operation, body, idempotent: false, withinRetryBudget: resend });
      const repo = readRepoInfo(operation, answer);
      paths.remember(repo);
      return repo;
    },

    async update(repoId: string, body: UpdateRepoRequest): Promise<Partial<RepoInfo>> {
      const operation = updateOperation(body, paths.describe(repoId));
      return readUpdateAnswer(operation, await client.call<unknown>('PATCH', repoUrl(repoId), { operation, body }));
    },

    async delete(repoId: string): Promise<void> {
      // A 404 means it is gone already (say, a retried DELETE whose first answer was lost): that is what was asked.
      await client.call<unknown>('DELETE', repoUrl(repoId), {
        operation: `deleting ${paths.describe(repoId)}`,
        notFound: 'undefined',
      });
    },
  };
}
