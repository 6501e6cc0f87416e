// The Databricks workspace's state: principals, the workspace tree (directories, notebooks, files, Git folders),
// Git folders with their checkout and permissions, and Git credentials per identity. Ids are int64 above 2^53.

import type { RemoteRepositories } from '../remotes';
import { canonicalPath, isWithin, parentPath, pathSegments } from './paths';
import { WorkspaceOAuth } from './workspaceOAuth';

export type ObjectType = 'DIRECTORY' | 'NOTEBOOK' | 'FILE' | 'REPO';
export type PermissionLevel = 'CAN_READ' | 'CAN_RUN' | 'CAN_EDIT' | 'CAN_MANAGE';
export type PrincipalField = 'user_name' | 'group_name' | 'service_principal_name';

export const PERMISSION_LEVELS: PermissionLevel[] = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'];

export interface WorkspaceObject {
  objectId: bigint;
  /** canonical path, without a `/Workspace` prefix */
  path: string;
  /** Git folders are REPO here; get-status shows Git-CLI ones as DIRECTORY + is_git_folder */
  objectType: ObjectType;
  createdAt: number;
}

export interface AccessControlEntry {
  principalField: PrincipalField;
  principal: string;
  permissionLevel: PermissionLevel;
}

export interface GitFolder {
  /** also its workspace object id */
  id: bigint;
  path: string;
  /** as the client sent it */
  url: string;
  provider: string;
  /** null when a tag is checked out (detached HEAD) */
  branch: string | null;
  tag: string | null;
  headCommitId: string;
  sparseCheckoutPatterns: string[] | null;
  /** a Git folder with Git CLI access: get-status reports DIRECTORY with directory_info.is_git_folder */
  gitCliEnabled: boolean;
  /** knob: updates fail unless dangerously_force_discard_all */
  hasUncommittedChanges: boolean;
  /** direct permissions */
  accessControl: AccessControlEntry[];
}

export interface GitCredential {
  id: bigint;
  /** client id of the identity the credential belongs to */
  owner: string;
  gitProvider: string;
  gitUsername?: string;
  gitEmail?: string;
  name?: string;
  isDefaultForProvider: boolean;
  /** write-only: never returned by the API */
  personalAccessToken?: string;
}

export interface ServicePrincipal {
  id: bigint;
  applicationId: string;
  displayName: string;
  /** workspace admin: CAN_MANAGE everywhere, may manage other identities' credentials */
  admin: boolean;
}

export interface WorkspaceUser {
  id: bigint;
  userName: string;
  admin: boolean;
}

export interface GitFolderDefinition {
  path: string;
  url: string;
  provider: string;
  /** default: the remote's default branch (ignored when tag is set) */
  branch?: string;
  tag?: string;
  /** default: the ref's head in the remote model */
  headCommitId?: string;
  sparseCheckoutPatterns?: string[];
  gitCliEnabled?: boolean;
  hasUncommittedChanges?: boolean;
  /** an identity given CAN_MANAGE directly (as the creator is) */
  owner?: string;
  /** direct permissions; default: the owner's CAN_MANAGE, or without owner group `users` CAN_MANAGE (anyone may sync) */
  accessControl?: AccessControlEntry[];
}

const FIRST_ID = 1234567890123456789n;

export class DatabricksWorkspace {
  // The knobs below get their defaults from resetKnobs(), so a test can put them all back at once.
  /** knob: off → every /api/2.0/repos call answers 404 FEATURE_DISABLED */
  reposEnabled!: boolean;
  /**
   * knob: which Git folders created through the API get Git CLI access (get-status then shows DIRECTORY +
   * is_git_folder). Default as Databricks' own test server models today's workspaces (databricks/cli
   * libs/testserver/fake_workspace.go isGitCliFolder): every new folder outside /Repos; under /Repos they stay REPO.
   */
  gitCliFolders!: 'outsideRepos' | 'always' | 'never';
  /** knob: what a check-out PATCH answers: `{}` (most workspaces) or the whole folder (some do) */
  checkoutAnswer!: 'empty' | 'folder';
  /**
   * knob: the workspace is behind Private Link and the caller outside its network: every request is redirected to
   * /login.html?error=private-link-validation-error (databricks-sdk-go apierr/private_link.go detects exactly that)
   */
  privateLink!: boolean;
  /**
   * Azure Databricks refuses tokens that expire in 30 s or less (databricks-sdk-go config/oauth_visitors.go: "Azure
   * Databricks rejects tokens that expire in 30 seconds or less"); 0 turns the check off.
   */
  refuseTokensExpiringWithinSeconds!: number;
  /** knob: false → get-status leaves out directory_info (workspaces from before the Git CLI rollout) */
  reportDirectoryInfo!: boolean;
  /** by lower-case application id */
  readonly servicePrincipals = new Map<string, ServicePrincipal>();
  /** by lower-case user name */
  readonly users = new Map<string, WorkspaceUser>();
  readonly groups = new Set<string>(['admins', 'users']);
  /** by canonical path */
  readonly objects = new Map<string, WorkspaceObject>();
  /** by decimal id */
  readonly gitFolders = new Map<string, GitFolder>();
  /** by decimal id */
  readonly gitCredentials = new Map<string, GitCredential>();
  /** sign-in at the workspace itself: OAuth secrets, federation policies, personal access tokens */
  readonly oauth = new WorkspaceOAuth();
  private lastId = FIRST_ID - 1n;

  constructor(private readonly remotes: RemoteRepositories) {
    this.resetKnobs();
    for (const path of ['/', '/Users', '/Repos', '/Shared']) {
      this.addObject(path, 'DIRECTORY');
    }
  }

  /** Every knob at its default, today's platform (objects, identities and credentials stay). */
  resetKnobs(): void {
    this.reposEnabled = true;
    this.gitCliFolders = 'outsideRepos';
    this.checkoutAnswer = 'empty';
    this.privateLink = false;
    this.refuseTokensExpiringWithinSeconds = 30;
    this.reportDirectoryInfo = true;
  }

  /** A fresh int64 id; every kind of object draws from the same counter so ids never collide. */
  nextId(): bigint {
    this.lastId += 1n;
    return this.lastId;
  }

  /**
   * Knob: ids from `first` on instead of FIRST_ID. Clients that read JSON numbers as doubles, as the official
   * Databricks SDK for JavaScript does, lose the digits of ids above 2^53; the conformance suite starts ids low so
   * its comparisons are exact. Only on a fresh workspace (before seeding): the top-level folders made by the
   * constructor are renumbered, and nothing else may exist yet, so no answer mixes the two ranges.
   */
  startIdsAt(first: bigint): void {
    const onlyTopLevel = [...this.objects.keys()].every((path) => pathSegments(path).length <= 1);
    if (!onlyTopLevel || this.servicePrincipals.size + this.users.size + this.gitCredentials.size > 0 || first < 1n) {
      throw new Error('emulator: startIdsAt() needs a positive id and a fresh workspace (call it before seeding)');
    }
    this.lastId = first - 1n;
    for (const object of this.objects.values()) {
      object.objectId = this.nextId();
    }
  }

  /** Whether a Git folder created now at `path` gets Git CLI access (the gitCliFolders knob). */
  createsGitCliFolderAt(path: string): boolean {
    if (this.gitCliFolders !== 'outsideRepos') return this.gitCliFolders === 'always';
    return pathSegments(path)[0] !== 'Repos';
  }

  /** Adds an Entra service principal (or managed identity) to the workspace, with its home folder. */
  addServicePrincipal(applicationId: string, options: { admin?: boolean; displayName?: string } = {}): ServicePrincipal {
    const principal: ServicePrincipal = { id: this.nextId(), applicationId, displayName: options.displayName ?? applicationId, admin: options.admin ?? false };
    this.servicePrincipals.set(applicationId.toLowerCase(), principal);
    this.addDirectory(`/Users/${applicationId}`);
    return principal;
  }

  removeServicePrincipal(applicationId: string): void {
    this.servicePrincipals.delete(applicationId.toLowerCase());
  }

  servicePrincipal(applicationId: string): ServicePrincipal | undefined {
    return this.servicePrincipals.get(applicationId.toLowerCase());
  }

  addUser(userName: string, options: { admin?: boolean } = {}): WorkspaceUser {
    const user: WorkspaceUser = { id: this.nextId(), userName, admin: options.admin ?? false };
    this.users.set(userName.toLowerCase(), user);
    this.addDirectory(`/Users/${userName}`);
    return user;
  }

  addGroup(name: string): void {
    this.groups.add(name);
  }

  /** The object at a path in any spelling (`/Workspace/...` too). */
  object(path: string): WorkspaceObject | undefined {
    const canonical = canonicalPath(path);
    return canonical === undefined ? undefined : this.objects.get(canonical);
  }

  /** Creates a directory and its missing parents (no Databricks rules: this is seeding). */
  addDirectory(path: string): WorkspaceObject {
    const canonical = this.requirePath(path);
    const existing = this.objects.get(canonical);
    if (existing !== undefined) {
      return existing;
    }
    const segments = pathSegments(canonical);
    for (let depth = 1; depth < segments.length; depth += 1) {
      const ancestor = `/${segments.slice(0, depth).join('/')}`;
      if (!this.objects.has(ancestor)) {
        this.addObject(ancestor, 'DIRECTORY');
      }
    }
    return this.addObject(canonical, 'DIRECTORY');
  }

  addNotebook(path: string): WorkspaceObject {
    return this.addLeaf(path, 'NOTEBOOK');
  }

  addFile(path: string): WorkspaceObject {
    return this.addLeaf(path, 'FILE');
  }

  /** Seeds an existing Git folder (parents created); its head defaults to the remote model's. */
  addGitFolder(definition: GitFolderDefinition): GitFolder {
    const canonical = this.requirePath(definition.path);
    this.addDirectory(parentPath(canonical));
    const remote = this.remotes.get(definition.url);
    const branch = definition.tag !== undefined ? null : (definition.branch ?? remote?.defaultBranch ?? 'main');
    const ref = definition.tag ?? branch ?? 'main';
    const head = definition.headCommitId ?? remote?.branches.get(ref) ?? remote?.tags.get(ref) ?? '0'.repeat(40);
    const object = this.addObject(canonical, 'REPO');
    const folder: GitFolder = {
      id: object.objectId,
      path: canonical,
      url: definition.url,
      provider: definition.provider,
      branch,
      tag: definition.tag ?? null,
      headCommitId: head,
      sparseCheckoutPatterns: definition.sparseCheckoutPatterns ?? null,
      gitCliEnabled: definition.gitCliEnabled ?? false,
      hasUncommittedChanges: definition.hasUncommittedChanges ?? false,
      accessControl: definition.accessControl ?? [
        definition.owner === undefined
          ? { principalField: 'group_name', principal: 'users', permissionLevel: 'CAN_MANAGE' }
          : { principalField: 'service_principal_name', principal: definition.owner, permissionLevel: 'CAN_MANAGE' },
      ],
    };
    this.gitFolders.set(folder.id.toString(), folder);
    return folder;
  }

  gitFolder(id: bigint | string): GitFolder | undefined {
    return this.gitFolders.get(id.toString());
  }

  gitFolderAt(path: string): GitFolder | undefined {
    const object = this.object(path);
    return object === undefined ? undefined : this.gitFolder(object.objectId);
  }

  /** The uncommitted-changes knob of a Git folder, by id or path. */
  setUncommittedChanges(idOrPath: bigint | string, dirty: boolean): void {
    const folder = typeof idOrPath === 'string' && idOrPath.startsWith('/') ? this.gitFolderAt(idOrPath) : this.gitFolder(idOrPath);
    if (folder === undefined) {
      throw new Error(`emulator: no Git folder ${String(idOrPath)}`);
    }
    folder.hasUncommittedChanges = dirty;
  }

  /** Removes an object with everything below it (Git folders included). */
  deleteTree(path: string): void {
    for (const [objectPath, object] of [...this.objects]) {
      if (isWithin(objectPath, path)) {
        this.objects.delete(objectPath);
        this.gitFolders.delete(object.objectId.toString());
      }
    }
  }

  /** The Git credentials of one identity, oldest first. */
  credentialsOf(owner: string): GitCredential[] {
    return [...this.gitCredentials.values()].filter((credential) => credential.owner.toLowerCase() === owner.toLowerCase());
  }

  secrets(): string[] {
    return [...[...this.gitCredentials.values()].flatMap((credential) => credential.personalAccessToken ?? []), ...this.oauth.allSecrets()];
  }

  /** Creates one workspace object at a canonical path (the caller checked the parent). */
  addObject(path: string, objectType: ObjectType): WorkspaceObject {
    const object: WorkspaceObject = { objectId: this.nextId(), path, objectType, createdAt: Date.now() };
    this.objects.set(path, object);
    return object;
  }

  private addLeaf(path: string, objectType: ObjectType): WorkspaceObject {
    const canonical = this.requirePath(path);
    this.addDirectory(parentPath(canonical));
    return this.addObject(canonical, objectType);
  }

  private requirePath(path: string): string {
    const canonical = canonicalPath(path);
    if (canonical === undefined) {
      throw new Error(`emulator: not an absolute workspace path: ${path}`);
    }
    return canonical;
  }
}
