// The Git folder's permissions (SPEC §4.3.6): merge or replace the direct grants, and only write when they change.

import { DatabricksError } from '../databricks/errors';
import type { AccessControlRequest, DatabricksApi, RepoPermissions } from '../databricks/types';
import { neutralise, type Logger } from '../log';
import type { PermissionGrant } from '../options';
import type { SyncRequest } from '../syncTypes';
import { SyncError } from './syncError';

export interface PermissionsOutcome {
  changed: boolean;
  /** the grants written (or, in a dry run, that would be); empty when nothing needed writing */
  applied: PermissionGrant[];
}

export const NO_PERMISSIONS: PermissionsOutcome = { changed: false, applied: [] };

const PRINCIPAL_FIELD = {
  user: 'user_name',
  group: 'group_name',
  servicePrincipal: 'service_principal_name',
} as const;

export function toAccessControlList(grants: PermissionGrant[]): AccessControlRequest[] {
  return grants.map((grant) => ({ [PRINCIPAL_FIELD[grant.principalType]]: grant.principal, permission_level: grant.level }));
}

/** A principal as a comparable key; user names are e-mail addresses, which Databricks treats case-insensitively. */
function principalKey(type: PermissionGrant['principalType'], name: string): string {
  return `${type}:${type === 'user' ? name.toLowerCase() : name}`;
}

/** Direct (not inherited) levels per principal; inherited ones come from the parent folder and are not ours to set. */
function directLevels(current: RepoPermissions): Map<string, Set<string>> {
  const levels = new Map<string, Set<string>>();
  for (const entry of current.access_control_list ?? []) {
    const key = entry.user_name
      ? principalKey('user', entry.user_name)
      : entry.group_name
        ? principalKey('group', entry.group_name)
        : entry.service_principal_name
          ? principalKey('servicePrincipal', entry.service_principal_name)
          : undefined;
    const direct = (entry.all_permissions ?? []).filter((p) => !p.inherited).map((p) => p.permission_level);
    if (!key || direct.length === 0) continue;
    levels.set(key, new Set([...(levels.get(key) ?? []), ...direct]));
  }
  return levels;
}

function wantedLevels(grants: PermissionGrant[]): Map<string, Set<string>> {
  const levels = new Map<string, Set<string>>();
  for (const grant of grants) {
    const key = principalKey(grant.principalType, grant.principal);
    levels.set(key, new Set([...(levels.get(key) ?? []), grant.level]));
  }
  return levels;
}

function sameLevels(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  return (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every((level) => b?.has(level));
}

/** Merge changes something when a named principal's direct levels differ; replace also when others hold direct levels. */
export function permissionsWouldChange(current: RepoPermissions, grants: PermissionGrant[], replace: boolean): boolean {
  const now = directLevels(current);
  const wanted = wantedLevels(grants);
  for (const [key, levels] of wanted) if (!sameLevels(levels, now.get(key))) return true;
  return replace && [...now.keys()].some((key) => !wanted.has(key));
}

function grantsText(grants: PermissionGrant[]): string {
  return neutralise(grants.map((g) => `${g.principalType}:${g.principal}=${g.level}`).join(', '));
}

export function describePermissionsWrite(repoId: string, request: SyncRequest): string {
  const [method, verb] = request.replacePermissions ? ['PUT', 'replace direct permissions with'] : ['PATCH', 'merge'];
  return `${method} /api/2.0/permissions/repos/${repoId} (${verb} ${grantsText(request.permissions)})`;
}

/** Reads the folder's ACL when permissions are asked for; undefined (no request) when none are. */
export async function readPermissions(
  api: DatabricksApi,
  repoId: string,
  request: SyncRequest,
): Promise<RepoPermissions | undefined> {
  return request.permissions.length === 0 ? undefined : api.permissions.get(repoId);
}

/** Writes the grants when they would change the ACL `current` (read by readPermissions), and says what it did. */
export async function writePermissions(
  api: DatabricksApi,
  repoId: string,
  current: RepoPermissions | undefined,
  request: SyncRequest,
  log: Logger,
): Promise<PermissionsOutcome> {
  const grants = request.permissions;
  if (grants.length === 0 || !current) return NO_PERMISSIONS;
  if (!permissionsWouldChange(current, grants, request.replacePermissions)) {
    log.info(`Permissions: already in place (${grantsText(grants)}).`);
    return NO_PERMISSIONS;
  }
  const acl = toAccessControlList(grants);
  try {
    if (request.replacePermissions) await api.permissions.set(repoId, acl);
    else await api.permissions.update(repoId, acl);
  } catch (error) {
    throw unknownPrincipal(error, grants) ?? error;
  }
  const done = request.replacePermissions ? 'replaced direct permissions with' : 'merged';
  log.info(`Permissions: ${done} ${grantsText(grants)}.`);
  if (request.replacePermissions && losesOwnManage(grants, request.clientId)) {
    log.info(
      `Note: the grants do not give this service principal (${request.clientId}) CAN_MANAGE, so it keeps Manage on the ` +
        'folder only through a parent folder or as a workspace admin; without it the next run fails with HTTP 403. ' +
        `Add servicePrincipal:${request.clientId}=CAN_MANAGE to permissions to keep it.`,
    );
  }
  return { changed: true, applied: grants };
}

/** Replacing direct permissions drops the creator's own CAN_MANAGE unless the grants give it back. */
function losesOwnManage(grants: PermissionGrant[], clientId: string | undefined): boolean {
  if (!clientId) return false;
  return !grants.some(
    (grant) => grant.principalType === 'servicePrincipal' && grant.principal.toLowerCase() === clientId.toLowerCase() && grant.level === 'CAN_MANAGE',
  );
}

/**
 * Databricks names a principal it does not know as "Principal: UserName(bob@contoso.com) does not exist" (also
 * GroupName, ServicePrincipalName): the permissions line that named it is what the user fixes.
 */
function unknownPrincipal(error: unknown, grants: PermissionGrant[]): SyncError | undefined {
  if (!(error instanceof DatabricksError)) return undefined;
  const match = /Principal: (UserName|GroupName|ServicePrincipalName)\((.*?)\) does not exist/.exec(error.serverMessage ?? '');
  if (!match) return undefined;
  const types: Record<string, PermissionGrant['principalType']> = { UserName: 'user', GroupName: 'group', ServicePrincipalName: 'servicePrincipal' };
  const type = types[match[1]];
  const grant = grants.find((candidate) => candidate.principalType === type && candidate.principal.toLowerCase() === match[2].toLowerCase());
  const line = grant ? `${grant.principalType}:${grant.principal}=${grant.level}` : `${type}:${match[2]}`;
  return new SyncError(
    neutralise(
      `permissions: the line '${line}' names a ${PRINCIPAL_WORDS[type]} this workspace does not know (Databricks: ${match[0]}). ` +
        `Add the ${PRINCIPAL_WORDS[type]} to the workspace first, or correct the line${type === 'servicePrincipal' ? ' (a service principal is named by its application id)' : ''}. Nothing was changed on the permissions.`,
    ),
  );
}

const PRINCIPAL_WORDS = { user: 'user', group: 'group', servicePrincipal: 'service principal' } as const;
