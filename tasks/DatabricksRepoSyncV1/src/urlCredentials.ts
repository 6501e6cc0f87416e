// Credentials inside anything that looks like a URL, whatever its shape: `https://user:token@host`, `https:/user:token@`
// (one slash), `user:token@host/…` and `token@host/…` (no scheme). Used to register the secret part before a value is
// echoed, and to show a value without its user info or query.

import { isAzureDevOpsHost } from './validation/gitProvider';

/** Schemes recognised even without `//` after the colon; anything else followed by a colon may be a user name. */
const KNOWN_SCHEMES = /^(https?|git|ssh|ftp|wss?):/i;
/** A scheme followed by at least one slash (or backslash), as browsers and the WHATWG parser accept it. */
const SCHEME_WITH_SLASHES = /^[a-z][a-z0-9+.-]*:[\\/]+/i;
/**
 * A user name alone is a secret only when it is a token (`https://<token>@github.com`): a known token prefix, or a
 * long string of letters and digits. A name (`org@dev.azure.com`, `johnsmith@bitbucket.org`) registered as a secret
 * would be masked everywhere in the job log.
 */
const TOKEN_PREFIX = /^(ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|gldt-|ATBB|ATCTT)/;
const LONG_TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~%]{20,}$/;

export interface UrlUserInfo {
  user: string;
  /** undefined when there is no colon in the user info */
  password?: string;
  host: string;
  /** where the user info and its `@` are in the value */
  start: number;
  end: number;
}

/**
 * The user info of the value, if any: the authority ends at the first `/`, `\`, `?` or `#`, and the last `@` in it ends
 * the user info. A password written with one of those characters unencoded (`user:ab/c@host`) would end the
 * authority early: when what comes before that cut holds a `:` and an `@` follows later, everything up to that `@` is
 * user info (at worst more is masked than needed, never less).
 */
export function findUserInfo(value: string): UrlUserInfo | undefined {
  const prefix = SCHEME_WITH_SLASHES.exec(value)?.[0] ?? KNOWN_SCHEMES.exec(value)?.[0] ?? '';
  const rest = value.slice(prefix.length);
  let authority = rest.slice(0, rest.search(/[\\/?#]|$/));
  if (!authority.includes('@') && looksLikeUserAndPassword(authority) && rest.indexOf('@', authority.length) > 0) {
    const at = rest.indexOf('@', authority.length);
    const end = rest.slice(at + 1).search(/[\\/?#]|$/);
    authority = rest.slice(0, at + 1 + end);
  }
  const at = authority.lastIndexOf('@');
  if (at < 0) return undefined;
  const userInfo = authority.slice(0, at);
  const colon = userInfo.indexOf(':');
  const host = authority.slice(at + 1).replace(/:\d*$/, '');
  return {
    user: colon < 0 ? userInfo : userInfo.slice(0, colon),
    password: colon < 0 ? undefined : userInfo.slice(colon + 1),
    host,
    start: prefix.length,
    end: prefix.length + at + 1,
  };
}

/** `user:pa…` rather than `host.example:443`: a host with a dot followed by a port is not user info. */
function looksLikeUserAndPassword(authority: string): boolean {
  const colon = authority.indexOf(':');
  if (colon < 0) return false;
  const isPort = /^\d*$/.test(authority.slice(colon + 1));
  return !(isPort && authority.slice(0, colon).includes('.'));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The secret parts of the user info, as written and percent-decoded: the password whatever its length; a user name
 * alone only when it is a token (never on Azure DevOps, whose `org@` is the organisation).
 */
export function urlSecrets(value: string | undefined): string[] {
  const info = value === undefined ? undefined : findUserInfo(value.trim());
  if (!info) return [];
  let secret: string | undefined;
  if (info.password) secret = info.password;
  else if ((TOKEN_PREFIX.test(info.user) || LONG_TOKEN.test(info.user)) && !isAzureDevOpsHost(info.host)) secret = info.user;
  return secret === undefined ? [] : [...new Set([secret, decoded(secret)])];
}

/** The value as a message may show it: user info replaced by `***`, query and fragment replaced by `?***` / `#***`. */
export function redactUrl(value: string): string {
  const trimmed = value.trim();
  const info = findUserInfo(trimmed);
  const withoutUser = info ? `${trimmed.slice(0, info.start)}***@${trimmed.slice(info.end)}` : trimmed;
  return withoutUser.replace(/\?[^#]*/, '?***').replace(/#.*$/, '#***');
}
