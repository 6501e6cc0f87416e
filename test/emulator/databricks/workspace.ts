// /api/2.0/workspace/get-status and /mkdirs: the workspace tree as the task sees it. Git-CLI folders show as
// DIRECTORY with directory_info.is_git_folder; /Repos/<folder> may hold only Git folders.

import { readString, type JsonObject } from '../json';
import type { Reply, RequestContext, Route } from '../route';
import { authenticate, databricksError, jsonObjectBody } from './api';
import { canonicalPath, pathSegments } from './paths';
import type { WorkspaceObject } from './workspaceState';

/** ObjectInfo as get-status answers it. */
function objectInfo(context: RequestContext, object: WorkspaceObject): JsonObject {
  const common: JsonObject = { path: object.path, object_id: object.objectId, resource_id: object.objectId.toString() };
  const times: JsonObject = { created_at: object.createdAt, modified_at: object.createdAt };
  const directoryInfo = (isGitFolder: boolean): JsonObject | undefined =>
    context.state.workspace.reportDirectoryInfo ? { is_git_folder: isGitFolder } : undefined;
  switch (object.objectType) {
    case 'DIRECTORY':
      return { object_type: 'DIRECTORY', ...common, directory_info: directoryInfo(false) };
    case 'REPO': {
      const folder = context.state.workspace.gitFolder(object.objectId);
      return folder?.gitCliEnabled === true
        ? { object_type: 'DIRECTORY', ...common, directory_info: directoryInfo(true) }
        : { object_type: 'REPO', ...common };
    }
    case 'NOTEBOOK':
      return { object_type: 'NOTEBOOK', ...common, ...times, language: 'PYTHON' };
    case 'FILE':
      return { object_type: 'FILE', ...common, ...times, size: 0 };
  }
}

function getStatus(context: RequestContext): Reply {
  const auth = authenticate(context);
  if ('reply' in auth) {
    return auth.reply;
  }
  const requested = context.query.get('path');
  if (requested === null || requested === '') {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', 'Missing required field: path');
  }
  const path = canonicalPath(requested);
  if (path === undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Path (${requested}) is not a valid absolute path.`);
  }
  const object = context.state.workspace.objects.get(path);
  if (object === undefined) {
    return databricksError(404, 'RESOURCE_DOES_NOT_EXIST', `Path (${requested}) doesn't exist.`);
  }
  return { status: 200, body: objectInfo(context, object) };
}

/** The directories mkdirs would create, or the error that stops it (checked before anything is created). */
function planDirectories(context: RequestContext, path: string): string[] | Reply {
  const { objects } = context.state.workspace;
  const segments = pathSegments(path);
  const missing: string[] = [];
  for (let depth = 1; depth <= segments.length; depth += 1) {
    const prefix = `/${segments.slice(0, depth).join('/')}`;
    const existing = objects.get(prefix);
    if (existing !== undefined && existing.objectType !== 'DIRECTORY' && existing.objectType !== 'REPO') {
      return databricksError(400, 'RESOURCE_ALREADY_EXISTS', `${prefix} already exists and it is not a folder.`);
    }
    if (existing === undefined) {
      // /Repos/<folder> holds only Git folders: a plain directory one level deeper is refused
      const insideRepos = segments[0] === 'Repos' && depth === 3;
      if (insideRepos) {
        return databricksError(400, 'DIRECTORY_PROTECTED', 'Top-level folder can only contain repos');
      }
      missing.push(prefix);
    }
  }
  return missing;
}

function mkdirs(context: RequestContext): Reply {
  const auth = authenticate(context);
  if ('reply' in auth) {
    return auth.reply;
  }
  const parsed = jsonObjectBody(context);
  if ('reply' in parsed) {
    return parsed.reply;
  }
  const requested = readString(parsed.body, 'path');
  const path = requested === undefined ? undefined : canonicalPath(requested);
  if (requested === undefined || path === undefined) {
    return databricksError(400, 'INVALID_PARAMETER_VALUE', `Path (${requested ?? ''}) is not a valid absolute path.`);
  }
  const plan = planDirectories(context, path);
  if (!Array.isArray(plan)) {
    return plan;
  }
  for (const directory of plan) {
    context.state.workspace.addObject(directory, 'DIRECTORY');
  }
  return { status: 200, body: {} };
}

export const workspaceRoutes: Route[] = [
  { method: 'GET', pattern: '/api/2.0/workspace/get-status', service: 'databricks', handle: getStatus },
  { method: 'POST', pattern: '/api/2.0/workspace/mkdirs', service: 'databricks', handle: mkdirs },
];
