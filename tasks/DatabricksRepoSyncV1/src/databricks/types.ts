// The Databricks REST shapes this task uses and the API surface sync.ts works against. Ids are strings: they are int64.

export interface GitCredentialInfo {
  credential_id: string;
  git_provider: string;
  git_username?: string;
  git_email?: string;
  name?: string;
  is_default_for_provider?: boolean;
}

/** Body of POST /api/2.0/git-credentials and PATCH /api/2.0/git-credentials/{id} (the full body both times). */
export interface GitCredentialRequest {
  git_provider: string;
  git_username?: string;
  git_email?: string;
  personal_access_token?: string;
}

export interface SparseCheckout {
  patterns: string[];
}

export interface RepoInfo {
  id: string;
  path: string;
  url: string;
  provider: string;
  branch?: string;
  head_commit_id?: string;
  sparse_checkout?: SparseCheckout;
}

export interface CreateRepoRequest {
  url: string;
  provider: string;
  path: string;
  sparse_checkout?: SparseCheckout;
  /** int64, written as a JSON number (json.ts) */
  git_credential_id?: string;
}

export interface UpdateRepoRequest {
  branch?: string;
  tag?: string;
  sparse_checkout?: SparseCheckout;
  dangerously_force_discard_all?: boolean;
  /** int64, written as a JSON number (json.ts); per operation, never stored on the folder */
  git_credential_id?: string;
}

export interface ObjectInfo {
  object_id: string;
  object_type: string;
  path: string;
  directory_info?: { is_git_folder?: boolean };
}

export interface AccessControlRequest {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level: string;
}

export interface AccessControlResponse {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  display_name?: string;
  all_permissions?: { permission_level: string; inherited?: boolean; inherited_from_object?: string[] }[];
}

export interface RepoPermissions {
  object_id?: string;
  object_type?: string;
  access_control_list?: AccessControlResponse[];
}

export interface GitCredentialsApi {
  list(): Promise<GitCredentialInfo[]>;
  /** `resend`: the create is sent again after an uncertain failure, so it is a retry paid from the run's budget */
  create(body: GitCredentialRequest, resend?: boolean): Promise<GitCredentialInfo>;
  update(credentialId: string, body: GitCredentialRequest): Promise<void>;
}

export interface WorkspaceApi {
  /** undefined when the path does not exist (404) */
  getStatus(path: string): Promise<ObjectInfo | undefined>;
  mkdirs(path: string): Promise<void>;
}

export interface ReposApi {
  /** undefined when there is no repo with this id (404) */
  get(repoId: string): Promise<RepoInfo | undefined>;
  /** `resend`: the create is sent again after an uncertain failure, so it is a retry paid from the run's budget */
  create(body: CreateRepoRequest, resend?: boolean): Promise<RepoInfo>;
  /** PATCH answers `{}` today; older servers answered the repo */
  update(repoId: string, body: UpdateRepoRequest): Promise<Partial<RepoInfo>>;
  delete(repoId: string): Promise<void>;
}

export interface PermissionsApi {
  get(repoId: string): Promise<RepoPermissions>;
  /** PATCH: merge */
  update(repoId: string, acl: AccessControlRequest[]): Promise<RepoPermissions>;
  /** PUT: replace all direct permissions */
  set(repoId: string, acl: AccessControlRequest[]): Promise<RepoPermissions>;
}

export interface DatabricksApi {
  gitCredentials: GitCredentialsApi;
  workspace: WorkspaceApi;
  repos: ReposApi;
  permissions: PermissionsApi;
}
