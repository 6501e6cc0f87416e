// The agent's proxy: which connection agent a request URL uses (a CONNECT tunnel through the proxy, or direct).

import type * as http from 'node:http';
import type * as https from 'node:https';
import type { Logger } from '../log';
import { neutralise } from '../log';
import type { ProxySettings } from '../options';
import { TunnelAgent } from './tunnel';

export interface ConnectionRoute {
  agent: http.Agent;
  /** the proxy's address without credentials, when the request goes through it */
  proxy?: string;
}

/** Picks the connection for a request URL; one instance per run, so tunnels and sockets are reused. */
export interface ConnectionRouter {
  route(url: string): ConnectionRoute;
  /** destroys every connection of the run, open or opening */
  close(): void;
}

/** The proxy URL with the credentials in it, as https-proxy-agent reads them (it decodes user and password). */
export function proxyUrlWithCredentials(proxy: ProxySettings): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.url) ? proxy.url : `http://${proxy.url}`);
  if (proxy.username) {
    url.username = encodeURIComponent(proxy.username);
    url.password = encodeURIComponent(proxy.password ?? '');
  }
  return url.toString();
}

/** The proxy's address for messages: no credentials, ever. */
export function describeProxy(proxy: ProxySettings): string {
  const url = new URL(proxyUrlWithCredentials(proxy));
  return `${url.protocol}//${url.host}`;
}

/**
 * The bypass list as the agent applies it (task-lib's getHttpProxyConfiguration): each entry a case-insensitive
 * regular expression tested against the whole request URL. An entry that is not a valid expression is skipped.
 */
export function compileBypassList(bypass: string[], log: Logger): RegExp[] {
  const patterns: RegExp[] = [];
  for (const entry of bypass) {
    if (!entry.trim()) continue;
    try {
      patterns.push(new RegExp(entry, 'i'));
    } catch {
      log.warning(neutralise(`The proxy bypass entry '${entry}' is not a regular expression; it is ignored.`));
    }
  }
  return patterns;
}

export function createConnectionRouter(
  direct: https.Agent,
  proxy: ProxySettings | undefined,
  log: Logger,
  options: { ca?: string; connectTimeoutMs: number },
): ConnectionRouter {
  if (!proxy) return { route: () => ({ agent: direct }), close: () => direct.destroy() };
  const tunnel = new TunnelAgent({ proxyUrl: new URL(proxyUrlWithCredentials(proxy)), ...options });
  const address = describeProxy(proxy);
  const bypass = compileBypassList(proxy.bypass, log);
  // Only https URLs are tunnelled: plain-http endpoints are the agent machine's own managed identity endpoints.
  const tunnelled = (url: string): boolean => url.startsWith('https:') && !bypass.some((pattern) => pattern.test(url));
  return {
    route: (url) => (tunnelled(url) ? { agent: tunnel, proxy: address } : { agent: direct }),
    close: () => {
      tunnel.destroy();
      direct.destroy();
    },
  };
}
