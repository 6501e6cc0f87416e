// URL inputs (workspace, remote repository, Entra authority): https only, reduced to the form the task uses.

import { normaliseRemoteUrl } from '../gitUrl';
import { type Checked, invalid, quote, valid } from './checked';

const WORKSPACE_EXAMPLE = 'Expected the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net';
const REMOTE_EXAMPLE = 'Expected the HTTPS URL of the Git repository, e.g. https://dev.azure.com/org/project/_git/repo';
const AUTHORITY_EXAMPLE =
  'Expected the Entra authority host only, e.g. https://login.microsoftonline.com (the tenant goes in tenantId)';

/** The URL as shown in a message: user info replaced, since a remote URL may carry a token there. */
export function withoutUserInfo(value: string): string {
  return value.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}

export function checkHttpsUrl(value: string, expected: string): Checked<URL> {
  const trimmed = value.trim();
  const shown = quote(withoutUserInfo(value));
  if (!/^https:\/\//i.test(trimmed)) return invalid(`${shown} is not an https:// URL. ${expected}.`);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return invalid(`${shown} is not a valid URL. ${expected}.`);
  }
  if (parsed.hostname === '') return invalid(`${shown} has no host name. ${expected}.`);
  return valid(parsed);
}

/**
 * The workspace origin (scheme, host, port). Path, query and fragment are ignored rather than rejected: a URL copied
 * from the browser (`https://adb-1.2.azuredatabricks.net/?o=1#folder/2`) names the same workspace, and the REST API
 * lives at the origin. A port is kept (private-link proxies and test emulators use one).
 */
export function checkWorkspaceUrl(value: string): Checked<string> {
  const checked = checkHttpsUrl(value, WORKSPACE_EXAMPLE);
  return checked.ok ? valid(checked.value.origin) : checked;
}

/** The remote in the normal form of gitUrl.ts: user info (Build.Repository.Uri's `org@`) stripped. */
export function checkRemoteUrl(value: string): Checked<string> {
  const checked = checkHttpsUrl(value, REMOTE_EXAMPLE);
  if (!checked.ok) return checked;
  if (checked.value.pathname.replace(/\/+/g, '') === '') {
    return invalid(`${quote(withoutUserInfo(value))} names a host but no repository. ${REMOTE_EXAMPLE}.`);
  }
  return valid(normaliseRemoteUrl(value));
}

/** The authority host as an origin. A path is rejected: `<host>/<tenant>` would put the tenant in twice. */
export function checkAuthorityHost(value: string): Checked<string> {
  const checked = checkHttpsUrl(value, AUTHORITY_EXAMPLE);
  if (!checked.ok) return checked;
  const { pathname, search, hash } = checked.value;
  if (pathname !== '/' || search !== '' || hash !== '') {
    return invalid(`${quote(withoutUserInfo(value))} has a path or query. ${AUTHORITY_EXAMPLE}.`);
  }
  return valid(checked.value.origin);
}
