// The workspace path of the Git folder (SPEC §4.3), normalised so `/Workspace/X` and `X/` name the same folder as `X`.

import { type Checked, invalid, quote, valid } from './checked';

const EXAMPLE = 'Expected an absolute workspace path, e.g. /Repos/ci/my-repo or /Workspace/Shared/my-repo';
/** Far beyond any real workspace path (Linux's PATH_MAX); a longer value is a mistake and is not echoed whole. */
export const MAX_PATH_LENGTH = 4096;
/** C0 controls, DEL, C1 controls (NEL among them), the Unicode line and paragraph separators, and backslash. */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/;

export function checkRepoPath(value: string): Checked<string> {
  const trimmed = value.trim();
  const shown = quote(value);
  if (trimmed.length > MAX_PATH_LENGTH) {
    return invalid(`${shown} is ${trimmed.length} characters long; a workspace path has at most ${MAX_PATH_LENGTH}. ${EXAMPLE}.`);
  }
  if (!trimmed.startsWith('/')) return invalid(`${shown} is not absolute. ${EXAMPLE}.`);
  if (FORBIDDEN.test(trimmed)) {
    return invalid(`${shown} holds a control character, a line separator or a backslash. ${EXAMPLE}.`);
  }
  const withoutTrailingSlash = trimmed.length > 1 && trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed;
  if (withoutTrailingSlash === '/') return invalid(`${shown} is the workspace root, not a folder path. ${EXAMPLE}.`);
  let segments = withoutTrailingSlash.slice(1).split('/');
  const bad = segments.find((segment) => segment.trim() === '' || segment === '.' || segment === '..');
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty segment' : bad.trim() === '' ? 'a segment of only spaces' : `a '${bad}' segment`;
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
