// Credentials inside anything that looks like a URL, whatever its shape: `https://user:token@host`, `https:/user:token@`
// (one slash), `user:token@host/…` and `token@host/…` (no scheme). Used to register the secret part before a value is
// echoed, and to show a value without its user info or query.

import { isAzureDevOpsHost } from './validation/gitProvider';

/** Schemes recognised even without `//` after the colon; anything else followed by a colon may be a user name. */
const KNOWN_SCHEMES = /^(https?|git|ssh|ftp|wss?):/i;
/** A scheme followed by at least one slash (or backslash), as browsers and the WHATWG parser accept it. */
const SCHEME_WITH_SLASHES = /^[a-z][a-z0-9+.-]*:[\\/]+/i;
/** A user name alone shorter than this is a name (`org@dev.azure.com`, `e@…`), not a token: registering it would mask it everywhere. */
const MIN_TOKEN_LENGTH = 8;

export interface UrlUserInfo {
  user: string;
  /** undefined when there is no colon in the user info */
  password?: string;
  host: string;
  /** where the user info and its `@` are in the value */
  start: number;
  end: number;
}

/** The user info of the value, if any: the authority ends at the first `/`, `\`, `?` or `#`; the last `@` in it ends the user info. */
export function findUserInfo(value: string): UrlUserInfo | undefined {
  const prefix = SCHEME_WITH_SLASHES.exec(value)?.[0] ?? KNOWN_SCHEMES.exec(value)?.[0] ?? '';
  const rest = value.slice(prefix.length);
  const authority = rest.slice(0, rest.search(/[\\/?#]|$/));
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

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The secret parts of the user info, as written and percent-decoded: the password whatever its length; a user name
 * alone only when it is long enough to be a token and the host is not Azure DevOps (whose `org@` is the organisation).
 */
export function urlSecrets(value: string | undefined): string[] {
  const info = value === undefined ? undefined : findUserInfo(value.trim());
  if (!info) return [];
  let secret: string | undefined;
  if (info.password) secret = info.password;
  else if (info.user.length >= MIN_TOKEN_LENGTH && !isAzureDevOpsHost(info.host)) secret = info.user;
  return secret === undefined ? [] : [...new Set([secret, decoded(secret)])];
}

/** The value as a message may show it: user info replaced by `***`, query and fragment replaced by `?***` / `#***`. */
export function redactUrl(value: string): string {
  const trimmed = value.trim();
  const info = findUserInfo(trimmed);
  const withoutUser = info ? `${trimmed.slice(0, info.start)}***@${trimmed.slice(info.end)}` : trimmed;
  return withoutUser.replace(/\?[^#]*/, '?***').replace(/#.*$/, '#***');
}
