// /api/2.0/permissions/repos/{id}: read, merge (PATCH) and replace (PUT) a Git folder's direct permissions.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { Reply, RequestContext, Route } from '../route';
import { findGitFolder, LEVEL_NAMES } from './access';
import { databricksError, jsonObjectBody } from './api';
import { parentPath } from './paths';
import { PERMISSION_LEVELS, type AccessControlEntry, type DatabricksWorkspace, type GitFolder, type PermissionLevel, type PrincipalField } from './workspaceState';

const PRINCIPAL_FIELDS: PrincipalField[] = ['user_name', 'group_name', 'service_principal_name'];

function repoPermissions(workspace: DatabricksWorkspace, folder: GitFolder): JsonObject {
  const parent = workspace.objects.get(parentPath(folder.path));
  const direct: JsonValue[] = folder.accessControl.map((entry) => ({
    [entry.principalField]: entry.principal,
    all_permissions: [{ permission_level: entry.permissionLevel, inherited: false }],
  }));
  const admins: JsonObject = {
    group_name: 'admins',
    all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [`/directories/${parent?.objectId.toString() ?? '0'}`] }],
  };
  return { object_id: `/repos/${folder.id.toString()}`, object_type: 'repo', access_control_list: [...direct, admins] };
}

const PRINCIPAL_LABELS: Record<PrincipalField, string> = { user_name: 'UserName', group_name: 'GroupName', service_principal_name: 'ServicePrincipalName' };

function principalExists(workspace: DatabricksWorkspace, field: PrincipalField, name: string): boolean {
  switch (field) {
    case 'user_name':
      return workspace.users.has(name.toLowerCase());
    case 'group_name':
      return workspace.groups.has(name);
    case 'service_principal_name':
      return workspace.servicePrincipal(name) !== undefined;
  }
}

/** The request's access_control_list as entries, or the 400 for the first bad one. */
function readEntries(workspace: DatabricksWorkspace, body: JsonObject): AccessControlEntry[] | Reply {
  const list = body.access_control_list ?? [];
  if (!Array.isArray(list)) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', 'access_control_list must be a list.');
  }
  const entries: AccessControlEntry[] = [];
  for (const item of list) {
    const fields = isJsonObject(item) ? PRINCIPAL_FIELDS.filter((field) => typeof item[field] === 'string') : [];
    if (!isJsonObject(item) || fields.length !== 1) {
      return databricksError(400, 'INVALID_PARAMETER_VALUE', 'Each access control entry needs exactly one of user_name, group_name, service_principal_name.');
    }
    const level = item.permission_level;
    if (typeof level !== 'string' || !PERMISSION_LEVELS.includes(level as PermissionLevel)) {
      return databricksError(400, 'INVALID_PARAMETER_VALUE', `Permission type ${String(level)} is not supported for repos. Valid permission types: ${PERMISSION_LEVELS.join(', ')}.`);
    }
    const principal = item[fields[0]] as string;
    if (!principalExists(workspace, fields[0], principal)) {
      return databricksError(400, 'INVALID_PARAMETER_VALUE', `Principal: ${PRINCIPAL_LABELS[fields[0]]}(${principal}) does not exist`);
    }
    entries.push({ principalField: fields[0], principal, permissionLevel: level as PermissionLevel });
  }
  return entries;
}

function read(context: RequestContext): Reply {
  const found = findGitFolder(context, 'CAN_READ');
  return 'reply' in found ? found.reply : { status: 200, body: repoPermissions(context.state.workspace, found.folder) };
}

function levels(context: RequestContext): Reply {
  const found = findGitFolder(context, 'CAN_READ');
  const permissionLevels = PERMISSION_LEVELS.map((level) => ({ permission_level: level, description: `Can ${LEVEL_NAMES[level]}` }));
  return 'reply' in found ? found.reply : { status: 200, body: { permission_levels: permissionLevels } };
}

function write(context: RequestContext, replace: boolean): Reply {
  const found = findGitFolder(context, 'CAN_MANAGE');
  if ('reply' in found) {
    return found.reply;
  }
  const parsed = jsonObjectBody(context);
  if ('reply' in parsed) {
    return parsed.reply;
  }
  const entries = readEntries(context.state.workspace, parsed.body);
  if (!Array.isArray(entries)) {
    return entries;
  }
  const { folder } = found;
  const kept = replace
    ? []
    : folder.accessControl.filter((old) => !entries.some((entry) => entry.principalField === old.principalField && entry.principal === old.principal));
  folder.accessControl = [...kept, ...entries];
  return { status: 200, body: repoPermissions(context.state.workspace, folder) };
}

export const permissionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/2.0/permissions/repos/{id}', service: 'databricks', handle: read },
  { method: 'GET', pattern: '/api/2.0/permissions/repos/{id}/permissionLevels', service: 'databricks', handle: levels },
  { method: 'PATCH', pattern: '/api/2.0/permissions/repos/{id}', service: 'databricks', handle: (context) => write(context, false) },
  { method: 'PUT', pattern: '/api/2.0/permissions/repos/{id}', service: 'databricks', handle: (context) => write(context, true) },
];
