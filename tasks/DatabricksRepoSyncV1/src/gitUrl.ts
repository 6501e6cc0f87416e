// Remote Git URLs: the one normal form used both to validate repoUrl and to compare it with an existing Git folder's.

/**
 * The URL as the task sends it to Databricks: user info stripped (Build.Repository.Uri carries `org@`), host
 * lower-cased, no trailing slash. Throws TypeError when `url` is not a URL.
 */
export function normaliseRemoteUrl(url: string): string {
  const parsed = new URL(url.trim());
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  parsed.hostname = parsed.hostname.toLowerCase();
  return parsed.toString().replace(/\/+$/, '');
}

/** Whether two remote URLs name the same repository: host case-insensitive, user info and a trailing `.git` ignored. */
export function sameRemote(a: string, b: string): boolean {
  const key = (url: string): string => {
    try {
      return normaliseRemoteUrl(url).replace(/\.git$/i, '').replace(/^http:/i, 'https:');
    } catch {
      return url.trim();
    }
  };
  return key(a) === key(b);
}
