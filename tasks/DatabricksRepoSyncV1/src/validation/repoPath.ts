// The workspace path of the Git folder (SPEC §4.3), normalised so `/Workspace/X` and `X/` name the same folder as `X`.

import { type Checked, invalid, quote, valid } from './checked';

const EXAMPLE = 'Expected an absolute workspace path, e.g. /Repos/ci/my-repo or /Workspace/Shared/my-repo';

export function checkRepoPath(value: string): Checked<string> {
  const trimmed = value.trim();
  const shown = quote(value);
  if (!trimmed.startsWith('/')) return invalid(`${shown} is not absolute. ${EXAMPLE}.`);
  if (/[\u0000-\u001f\\]/.test(trimmed)) {
    return invalid(`${shown} holds a control character or a backslash. ${EXAMPLE}.`);
  }
  const withoutTrailingSlash = trimmed.length > 1 && trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed;
  if (withoutTrailingSlash === '/') return invalid(`${shown} is the workspace root, not a folder path. ${EXAMPLE}.`);
  let segments = withoutTrailingSlash.slice(1).split('/');
  const bad = segments.find((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty segment' : `a '${bad}' segment`;
    return invalid(`${shown} has ${what}. ${EXAMPLE}.`);
  }
  // /Workspace/X is the same object as /X; Databricks reports paths without the prefix.
  if (segments[0] === 'Workspace') segments = segments.slice(1);
  if (segments.length === 0) return invalid(`${shown} is the workspace root, not a folder path. ${EXAMPLE}.`);
  if (segments[0] === 'Repos' && segments.length !== 3) {
    return invalid(`${shown} is under /Repos, where a Git folder path is exactly /Repos/<folder>/<name>.`);
  }
  return valid(`/${segments.join('/')}`);
}
