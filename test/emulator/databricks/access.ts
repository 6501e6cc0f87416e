// Who may do what to a Git folder: the caller's effective permission level (workspace admins hold CAN_MANAGE
// everywhere by inheritance) and the lookup every /repos/{id} endpoint starts with.

import type { Reply, RequestContext } from '../route';
import { authenticate, databricksError, idParam, reposDisabled, type Caller } from './api';
import { PERMISSION_LEVELS, type GitFolder, type PermissionLevel } from './workspaceState';

export const LEVEL_NAMES: Record<PermissionLevel, string> = { CAN_READ: 'Read', CAN_RUN: 'Run', CAN_EDIT: 'Edit', CAN_MANAGE: 'Manage' };

/** The caller's highest level on a folder: admin → CAN_MANAGE; else its own entries and those of group `users`. */
export function effectiveLevel(caller: Caller, folder: GitFolder): PermissionLevel | undefined {
  if (caller.principal.admin) {
    return 'CAN_MANAGE';
  }
  const levels = folder.accessControl
    .filter(
      (entry) =>
        (entry.principalField === 'service_principal_name' && entry.principal.toLowerCase() === caller.applicationId.toLowerCase()) ||
        (entry.principalField === 'group_name' && entry.principal === 'users'),
    )
    .map((entry) => PERMISSION_LEVELS.indexOf(entry.permissionLevel));
  return levels.length === 0 ? undefined : PERMISSION_LEVELS[Math.max(...levels)];
}

/** undefined when the caller holds `needed` (or more) on the folder, else the 403 Databricks gives. */
export function requireLevel(caller: Caller, folder: GitFolder, needed: PermissionLevel): Reply | undefined {
  const held = effectiveLevel(caller, folder);
  if (held !== undefined && PERMISSION_LEVELS.indexOf(held) >= PERMISSION_LEVELS.indexOf(needed)) {
    return undefined;
  }
  return databricksError(
    403,
    'PERMISSION_DENIED',
    `${caller.applicationId} does not have ${LEVEL_NAMES[needed]} permissions on ${folder.path}. Please contact the owner or an administrator for access.`,
  );
}

export type FolderLookup = { folder: GitFolder; caller: Caller } | { reply: Reply };

/** The Git folder of a `/{id}` route, once the caller is known, Repos is on, it exists and the caller holds `needed`. */
export function findGitFolder(context: RequestContext, needed: PermissionLevel): FolderLookup {
  const auth = authenticate(context);
  if ('reply' in auth) {
    return auth;
  }
  const disabled = reposDisabled(context);
  if (disabled !== undefined) {
    return { reply: disabled };
  }
  const id = idParam(context, 'Repo');
  if (typeof id !== 'bigint') {
    return { reply: id };
  }
  const folder = context.state.workspace.gitFolder(id);
  if (folder === undefined) {
    return { reply: databricksError(404, 'RESOURCE_DOES_NOT_EXIST', 'Repo could not be found') };
  }
  const denied = requireLevel(auth.caller, folder, needed);
  return denied === undefined ? { folder, caller: auth.caller } : { reply: denied };
}
