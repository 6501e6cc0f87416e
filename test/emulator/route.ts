// What a service module gives the server: routes (method + path pattern) with synchronous handlers that read the
// request context and return a reply. Handlers never touch sockets, so latency and faults stay in one place.

import type { IncomingHttpHeaders } from 'node:http';
import type { JsonValue } from './json';
import type { EmulatorState } from './state';

export type ServiceName = 'entra' | 'msi' | 'ado' | 'databricks';

export interface RequestContext {
  method: string;
  /** decoded path, without the query */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** values of `{name}` segments of the route pattern */
  params: Record<string, string>;
  /** parsed JSON body (int64-safe: long integers arrive as strings); undefined when empty or not JSON */
  body: JsonValue | undefined;
  /** form-urlencoded body, when that is what was sent */
  form: URLSearchParams | undefined;
  rawBody: string;
  state: EmulatorState;
  /** what the request log records besides the basics; handlers fill it in */
  annotations: { caller?: string; deprecated?: boolean; tokenSecondsLeft?: number };
}

export interface Reply {
  status: number;
  /** written as JSON text with exact int64 numbers */
  body?: JsonValue;
  /** written as is instead of body */
  text?: string;
  /** content type of `text` (default text/plain) */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** e.g. `/api/2.0/repos/{id}`; also the label the request log counts by */
  pattern: string;
  service: ServiceName;
  handle: (context: RequestContext) => Reply;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const compiled = new Map<string, { regex: RegExp; names: string[] }>();

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const cached = compiled.get(pattern);
  if (cached !== undefined) {
    return cached;
  }
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      const name = /^\{(\w+)\}$/.exec(segment);
      if (name !== null) {
        names.push(name[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const entry = { regex: new RegExp(`^${source}$`), names };
  compiled.set(pattern, entry);
  return entry;
}

/** The first route whose method and pattern match (a trailing `/` ignored, as msal adds one); parameters decoded. */
export function matchRoute(routes: readonly Route[], method: string, pathWithSlash: string): RouteMatch | undefined {
  const rawPath = pathWithSlash.length > 1 ? pathWithSlash.replace(/\/+$/, '') : pathWithSlash;
  for (const route of routes) {
    if (route.method !== method) {
      continue;
    }
    const { regex, names } = compile(route.pattern);
    const found = regex.exec(rawPath);
    if (found !== null) {
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1]);
      });
      return { route, params };
    }
  }
  return undefined;
}

/** Which service a path belongs to, for requests no route matched. */
export function serviceOf(path: string): ServiceName {
  if (path.startsWith('/api/')) {
    return 'databricks';
  }
  if (path.startsWith('/ado/')) {
    return 'ado';
  }
  if (path.startsWith('/msi/') || path.startsWith('/metadata/')) {
    return 'msi';
  }
  return 'entra';
}

/** The token of an `Authorization: Bearer` header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/** One request header as a string (the first when repeated). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
