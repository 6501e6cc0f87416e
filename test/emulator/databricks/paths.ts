// Workspace path rules shared by the workspace and repos endpoints: `/Workspace/x` is the same object as `/x`.

/** The canonical form of an absolute workspace path, or undefined when it is not one (relative, `.`/`..`, `//`). */
export function canonicalPath(raw: string): string | undefined {
  if (!raw.startsWith('/')) {
    return undefined;
  }
  let path = raw.replace(/\/+$/, '');
  if (path === '/Workspace' || path.startsWith('/Workspace/')) {
    path = path.slice('/Workspace'.length);
  }
  if (path === '') {
    return '/';
  }
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return undefined;
  }
  return path;
}

/** Path segments without the leading empty one: `/Repos/a/b` → ['Repos', 'a', 'b']. */
export function pathSegments(path: string): string[] {
  return path === '/' ? [] : path.split('/').slice(1);
}

/** The parent of a canonical path (`/` for top-level entries). */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Whether `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(`${ancestor}/`);
}
