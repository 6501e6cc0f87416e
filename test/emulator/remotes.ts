// The remote Git repositories Databricks clones from, reduced to what a Git folder sees: branches and tags
// pointing at commits. Tests move branches (new commits) and add refs to drive checkouts and pulls.

import * as crypto from 'node:crypto';

export interface RemoteRepository {
  /** normalised URL (see normaliseRemoteUrl) */
  url: string;
  defaultBranch: string;
  /** branch name → head commit (40 hex) */
  branches: Map<string, string>;
  /** tag name → commit */
  tags: Map<string, string>;
  /** personal access tokens the Git host accepts for this repository (any provider) */
  acceptedTokens: Set<string>;
}

export interface RemoteDefinition {
  url: string;
  defaultBranch?: string;
  /** extra branches besides the default one, each with its own first commit */
  branches?: string[];
  /** tags on the default branch's first commit */
  tags?: string[];
  acceptedTokens?: string[];
}

/** https://Host/path with user info, a trailing `/` and `.git` dropped and the host lower-cased. */
export function normaliseRemoteUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    const path = parsed.pathname.replace(/\/+$/, '').replace(/\.git$/i, '');
    return `${parsed.protocol.toLowerCase()}//${parsed.host.toLowerCase()}${path}`;
  } catch {
    return url.trim();
  }
}

/** The Azure DevOps organisation a remote URL belongs to (dev.azure.com/<org>/… or <org>.visualstudio.com). */
export function azureDevOpsOrganizationOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname.toLowerCase();
    if (host === 'dev.azure.com' || host === 'ssh.dev.azure.com') {
      return decodeURIComponent(parsed.pathname.split('/')[1] ?? '') || undefined;
    }
    const match = /^([^.]+)\.visualstudio\.com$/.exec(host);
    return match?.[1];
  } catch {
    return undefined;
  }
}

export class RemoteRepositories {
  /** by normalised URL */
  readonly repositories = new Map<string, RemoteRepository>();
  private commitCount = 0;

  add(definition: RemoteDefinition): RemoteRepository {
    const url = normaliseRemoteUrl(definition.url);
    const defaultBranch = definition.defaultBranch ?? 'main';
    const repository: RemoteRepository = { url, defaultBranch, branches: new Map(), tags: new Map(), acceptedTokens: new Set(definition.acceptedTokens ?? []) };
    this.repositories.set(url, repository);
    const first = this.commit(url, defaultBranch);
    repository.branches.set(defaultBranch, first);
    for (const branch of definition.branches ?? []) {
      if (branch !== defaultBranch) {
        repository.branches.set(branch, this.commit(url, branch));
      }
    }
    for (const tag of definition.tags ?? []) {
      repository.tags.set(tag, first);
    }
    return repository;
  }

  /** The repository behind a URL in any of its spellings. */
  get(url: string): RemoteRepository | undefined {
    return this.repositories.get(normaliseRemoteUrl(url));
  }

  /** Pushes a new commit to a branch and returns it: the branch head moves. */
  addCommit(url: string, branch: string): string {
    const repository = this.repository(url);
    if (!repository.branches.has(branch)) {
      throw new Error(`emulator: ${repository.url} has no branch ${branch}`);
    }
    const commit = this.commit(repository.url, branch);
    repository.branches.set(branch, commit);
    return commit;
  }

  /** Creates a branch at another branch's or tag's commit (default: the default branch), or at a new commit. */
  createBranch(url: string, name: string, from?: string): string {
    const repository = this.repository(url);
    const commit = from === undefined ? this.commit(repository.url, name) : this.resolve(repository, from);
    repository.branches.set(name, commit);
    return commit;
  }

  /** Creates a tag at a branch's head, a tag's or a commit (default: the default branch's head). */
  createTag(url: string, name: string, at?: string): string {
    const repository = this.repository(url);
    const commit = this.resolve(repository, at ?? repository.defaultBranch);
    repository.tags.set(name, commit);
    return commit;
  }

  deleteBranch(url: string, name: string): void {
    this.repository(url).branches.delete(name);
  }

  /** The repository or throws: a test that moves an unknown remote has a bug. */
  repository(url: string): RemoteRepository {
    const repository = this.get(url);
    if (repository === undefined) {
      throw new Error(`emulator: no remote repository ${url}`);
    }
    return repository;
  }

  secrets(): string[] {
    return [...this.repositories.values()].flatMap((repository) => [...repository.acceptedTokens]);
  }

  private resolve(repository: RemoteRepository, ref: string): string {
    const commit = repository.branches.get(ref) ?? repository.tags.get(ref) ?? (/^[0-9a-f]{40}$/.test(ref) ? ref : undefined);
    if (commit === undefined) {
      throw new Error(`emulator: ${repository.url} has no ref ${ref}`);
    }
    return commit;
  }

  // Deterministic SHAs: the same seeding and moves give the same commits on every run.
  private commit(url: string, ref: string): string {
    this.commitCount += 1;
    return crypto.createHash('sha1').update(`${url}\n${ref}\n${this.commitCount}`).digest('hex');
  }
}
