// Every HTTP(S) request this process starts while a spec file runs, seen through Node's diagnostics channel, so the
// suite can show that the SDK talks to nobody but the emulator (no metadata service, no config endpoint elsewhere).

import * as diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export interface OutgoingRequest {
  /** the Host header: `127.0.0.1:<port>` for the emulator */
  host: string;
  method: string;
  /** path with query */
  path: string;
  authorization?: string;
  userAgent?: string;
}

export interface OutgoingRequests {
  readonly seen: readonly OutgoingRequest[];
  stop(): void;
}

// Published by node:http(s) for every ClientRequest (Node 20+); the SDK's own fetch is built on node:https.
const CHANNEL = 'http.client.request.start';

function header(request: ClientRequest, name: string): string | undefined {
  const value = request.getHeader(name);
  return value === undefined ? undefined : String(value);
}

/** Starts recording; stop() unsubscribes. */
export function watchOutgoingRequests(): OutgoingRequests {
  const seen: OutgoingRequest[] = [];
  const listener = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    seen.push({
      host: header(request, 'host') ?? request.host,
      method: request.method,
      path: request.path,
      authorization: header(request, 'authorization'),
      userAgent: header(request, 'user-agent'),
    });
  };
  diagnostics.subscribe(CHANNEL, listener);
  return { seen, stop: () => diagnostics.unsubscribe(CHANNEL, listener) };
}
