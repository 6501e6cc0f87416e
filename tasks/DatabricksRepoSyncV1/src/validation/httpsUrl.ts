// URL inputs (workspace, remote repository, Entra authority): https only, reduced to the form the task uses.

import { normaliseRemoteUrl } from '../gitUrl';
import { redactUrl } from '../urlCredentials';
import { type Checked, invalid, quote, valid } from './checked';

const WORKSPACE_EXAMPLE = 'Expected the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net';
const REMOTE_EXAMPLE = 'Expected the HTTPS URL of the Git repository, e.g. https://dev.azure.com/org/project/_git/repo';
const AUTHORITY_EXAMPLE =
  'Expected the Entra authority host only, e.g. https://login.microsoftonline.com (the tenant goes in tenantId)';

/** A URL input as a message shows it: user info, query and fragment replaced, whatever shape the value has. */
export function shownUrl(value: string): string {
  return quote(redactUrl(value));
}

export function checkHttpsUrl(value: string, expected: string): Checked<URL> {
  const trimmed = value.trim();
  const shown = shownUrl(value);
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

/**
 * The remote in the normal form of gitUrl.ts: user info (Build.Repository.Uri's `org@`) stripped. A query or fragment
 * is refused: Databricks would store it with the Git folder and show it to everyone (`?private_token=…`).
 */
export function checkRemoteUrl(value: string): Checked<string> {
  const checked = checkHttpsUrl(value, REMOTE_EXAMPLE);
  if (!checked.ok) return checked;
  if (checked.value.pathname.replace(/\/+/g, '') === '') {
    return invalid(`${shownUrl(value)} names a host but no repository. ${REMOTE_EXAMPLE}.`);
  }
  if (/[?#]/.test(value)) {
    return invalid(`${shownUrl(value)} has a query string or fragment; remove it. ${REMOTE_EXAMPLE}.`);
  }
  return valid(normaliseRemoteUrl(value));
}

/** The authority host as an origin. A path is rejected: `<host>/<tenant>` would put the tenant in twice. */
export function checkAuthorityHost(value: string): Checked<string> {
  const checked = checkHttpsUrl(value, AUTHORITY_EXAMPLE);
  if (!checked.ok) return checked;
  const { pathname, search, hash } = checked.value;
  if (pathname !== '/' || search !== '' || hash !== '') {
    return invalid(`${shownUrl(value)} has a path or query. ${AUTHORITY_EXAMPLE}.`);
  }
  return valid(checked.value.origin);
}
