// An in-memory Databricks workspace behind the DatabricksApi interface: Git credentials, workspace objects, Git
// folders cloned from fake remotes, and repo ACLs, with every request recorded in a RequestLog.

import { DatabricksError } from '../../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import type {
  AccessControlRequest,
  AccessControlResponse,
  CreateRepoRequest,
  DatabricksApi,
  GitCredentialInfo,
  GitCredentialRequest,
  GitCredentialsApi,
  ObjectInfo,
  PermissionsApi,
  RepoInfo,
  RepoPermissions,
  ReposApi,
  UpdateRepoRequest,
  WorkspaceApi,
} from '../../../../tasks/DatabricksRepoSyncV1/src/databricks/types';
import { sameRemote } from '../../../../tasks/DatabricksRepoSyncV1/src/gitUrl';
import { RequestLog } from './requestLog';

export interface FakeRemote {
  defaultBranch: string;
  branches: Record<string, string>;
  tags: Record<string, string>;
}

export interface StoredCredential extends GitCredentialInfo {
  personal_access_token?: string;
}

/** Ids above 2^53, so a JSON number anywhere on the way would show as a changed id. */
const FIRST_NEW_ID = 9007199254740993n;

export function databricksError(status: number, errorCode: string | undefined, message: string): DatabricksError {
  return new DatabricksError(`${message} (HTTP ${status})`, 'fake', status, errorCode, message);
}

export class FakeDatabricks implements DatabricksApi {
  readonly log = new RequestLog();
  credentials: StoredCredential[] = [];
  readonly objects = new Map<string, ObjectInfo>();
  readonly folders = new Map<string, RepoInfo>();
  readonly acls = new Map<string, AccessControlResponse[]>();
  readonly remotes = new Map<string, FakeRemote>();
  /** how the server says "one credential per provider": 409 today, a 400 with the old message before */
  credentialConflict: 'status409' | 'legacyMessage' = 'status409';
  /** older servers answered PATCH /repos/{id} with the repo; today it is `{}` */
  patchAnswersRepo = false;
  private nextId = FIRST_NEW_ID;

  readonly gitCredentials: GitCredentialsApi = {
    list: () => this.log.run('GET', '/api/2.0/git-credentials', undefined, () => this.credentials.map(publicCredential)),
    create: (body) => this.log.run('POST', '/api/2.0/git-credentials', body, () => this.createCredential(body)),
    update: (id, body) =>
      this.log.run('PATCH', `/api/2.0/git-credentials/${id}`, body, () => this.updateCredential(id, body)),
  };

  readonly workspace: WorkspaceApi = {
    getStatus: (path) =>
      this.log.run('GET', `/api/2.0/workspace/get-status?path=${path}`, undefined, () => this.objects.get(path)),
    mkdirs: (path) => this.log.run('POST', '/api/2.0/workspace/mkdirs', { path }, () => this.addDirectory(path)),
  };

  readonly repos: ReposApi = {
    get: (id) => this.log.run('GET', `/api/2.0/repos/${id}`, undefined, () => this.folders.get(id)),
    create: (body) => this.log.run('POST', '/api/2.0/repos', body, () => this.createFolder(body)),
    update: (id, body) => this.log.run('PATCH', `/api/2.0/repos/${id}`, body, () => this.updateFolder(id, body)),
    delete: (id) => this.log.run('DELETE', `/api/2.0/repos/${id}`, undefined, () => this.deleteFolder(id)),
  };

  readonly permissions: PermissionsApi = {
    get: (id) => this.log.run('GET', `/api/2.0/permissions/repos/${id}`, undefined, () => this.readAcl(id)),
    update: (id, acl) =>
      this.log.run('PATCH', `/api/2.0/permissions/repos/${id}`, { access_control_list: acl }, () => this.writeAcl(id, acl, false)),
    set: (id, acl) =>
      this.log.run('PUT', `/api/2.0/permissions/repos/${id}`, { access_control_list: acl }, () => this.writeAcl(id, acl, true)),
  };

  newId(): string {
    return (this.nextId++).toString();
  }

  addRemote(url: string, remote: FakeRemote): void {
    this.remotes.set(url, remote);
  }

  /** Seeds a Git folder (and its parent folders); `gitCli` makes get-status report DIRECTORY with is_git_folder. */
  addFolder(folder: RepoInfo, options: { gitCli?: boolean } = {}): RepoInfo {
    this.addDirectory(folder.path.slice(0, folder.path.lastIndexOf('/')));
    this.folders.set(folder.id, structuredClone(folder));
    this.objects.set(
      folder.path,
      options.gitCli
        ? { object_id: folder.id, object_type: 'DIRECTORY', path: folder.path, directory_info: { is_git_folder: true } }
        : { object_id: folder.id, object_type: 'REPO', path: folder.path },
    );
    return folder;
  }

  private createCredential(body: GitCredentialRequest): GitCredentialInfo {
    const provider = body.git_provider.toLowerCase();
    if (this.credentials.some((c) => c.git_provider.toLowerCase() === provider)) {
      throw this.credentialConflict === 'status409'
        ? databricksError(
            409,
            'RESOURCE_ALREADY_EXISTS',
            `A Git credential already exists for provider ${body.git_provider}. ` +
              'Only one credential per provider is allowed for service principals.',
          )
        : databricksError(
            400,
            'INVALID_PARAMETER_VALUE',
            'Only one Git credential is supported at this time. ' +
              'If you would like to update your credential, please use the PATCH endpoint.',
          );
    }
    const stored: StoredCredential = { credential_id: this.newId(), ...body, is_default_for_provider: true };
    this.credentials.push(stored);
    return publicCredential(stored);
  }

  private updateCredential(id: string, body: GitCredentialRequest): void {
    const index = this.credentials.findIndex((c) => c.credential_id === id);
    if (index < 0) throw databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `Credential ${id} does not exist.`);
    this.credentials[index] = { credential_id: id, is_default_for_provider: true, ...body };
  }

  /** mkdirs: the folder and its parents; fails where a non-folder is in the way. */
  addDirectory(path: string): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const prefix = `/${parts.slice(0, i).join('/')}`;
      const existing = this.objects.get(prefix);
      if (existing && existing.object_type !== 'DIRECTORY') {
        throw databricksError(400, 'RESOURCE_ALREADY_EXISTS', `${prefix} already exists and it is not a folder`);
      }
      if (!existing) {
        const directory = { object_id: this.newId(), object_type: 'DIRECTORY', path: prefix };
        this.objects.set(prefix, { ...directory, directory_info: { is_git_folder: false } });
      }
    }
  }

  private createFolder(body: CreateRepoRequest): RepoInfo {
    if (this.objects.has(body.path)) {
      throw databricksError(
        400,
        'RESOURCE_ALREADY_EXISTS',
        `Repo ${body.path} already exists. If you would like to create two repos from the same remote Git repo, ` +
          'rename the first repo before creating the second one.',
      );
    }
    const parent = body.path.slice(0, body.path.lastIndexOf('/'));
    if (parent && this.objects.get(parent)?.object_type !== 'DIRECTORY') {
      throw databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `Parent directory ${parent} does not exist.`);
    }
    const remote = this.remote(body.url);
    if (!remote) throw databricksError(400, 'BAD_REQUEST', 'Remote repo not found.');
    const folder: RepoInfo = {
      id: this.newId(),
      path: body.path,
      url: body.url,
      provider: body.provider,
      branch: remote.defaultBranch,
      head_commit_id: remote.branches[remote.defaultBranch],
    };
    if (body.sparse_checkout) folder.sparse_checkout = structuredClone(body.sparse_checkout);
    return this.addFolder(folder);
  }

  /** Git hosts ignore user info, host case and a trailing .git, so the fake does too. */
  private remote(url: string): FakeRemote | undefined {
    return [...this.remotes].find(([known]) => sameRemote(known, url))?.[1];
  }

  private folder(id: string): RepoInfo {
    const folder = this.folders.get(id);
    if (!folder) throw databricksError(404, 'RESOURCE_DOES_NOT_EXIST', 'Repo could not be found');
    return folder;
  }

  private updateFolder(id: string, body: UpdateRepoRequest): Partial<RepoInfo> {
    const folder = this.folder(id);
    const remote = this.remote(folder.url);
    if (body.sparse_checkout && !folder.sparse_checkout) {
      throw databricksError(400, 'BAD_REQUEST', 'Sparse checkout is not enabled for this repo.');
    }
    const head = body.branch !== undefined ? remote?.branches[body.branch] : remote?.tags[body.tag ?? ''];
    if (!head) throw databricksError(400, 'GIT_UNKNOWN_REF', 'Remote branch does not exist');
    folder.head_commit_id = head;
    if (body.branch !== undefined) folder.branch = body.branch;
    else delete folder.branch;
    if (body.sparse_checkout) folder.sparse_checkout = structuredClone(body.sparse_checkout);
    return this.patchAnswersRepo ? folder : {};
  }

  private deleteFolder(id: string): void {
    const folder = this.folder(id);
    this.folders.delete(id);
    this.objects.delete(folder.path);
    this.acls.delete(id);
  }

  private readAcl(id: string): RepoPermissions {
    this.folder(id);
    return { object_id: `/repos/${id}`, object_type: 'repo', access_control_list: this.acls.get(id) ?? [] };
  }

  /** PATCH sets each named principal's direct level; PUT first drops every direct level. Inherited ones stay. */
  private writeAcl(id: string, acl: AccessControlRequest[], replace: boolean): RepoPermissions {
    this.folder(id);
    const named = new Set(acl.map(principalOf));
    const kept = (this.acls.get(id) ?? [])
      .map((entry) => ({
        ...entry,
        all_permissions: (entry.all_permissions ?? []).filter((p) => p.inherited || (!replace && !named.has(principalOf(entry)))),
      }))
      .filter((entry) => entry.all_permissions.length > 0);
    const added: AccessControlResponse[] = acl.map((entry) => {
      const { permission_level, ...principal } = entry;
      return { ...principal, all_permissions: [{ permission_level, inherited: false }] };
    });
    this.acls.set(id, [...kept, ...added]);
    return this.readAcl(id);
  }
}

function publicCredential(stored: StoredCredential): GitCredentialInfo {
  const { personal_access_token: _secret, ...info } = stored;
  return info;
}

function principalOf(entry: { user_name?: string; group_name?: string; service_principal_name?: string }): string {
  if (entry.user_name) return `user:${entry.user_name}`;
  if (entry.group_name) return `group:${entry.group_name}`;
  return `servicePrincipal:${entry.service_principal_name ?? ''}`;
}
