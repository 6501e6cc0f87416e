// The request log: one entry per request the emulator received (faulted ones included), with secrets redacted
// from bodies, and counters by route pattern so tests can count round trips and spot forbidden calls.

import { isJsonObject, type JsonObject, type JsonValue } from './json';
import type { ServiceName } from './route';

export interface LoggedRequest {
  /** 1, 2, 3… in arrival order */
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** `<METHOD> <pattern>` of the route that served it, e.g. `PATCH /api/2.0/repos/{id}`; `<METHOD> <path>` if none */
  route: string;
  service: ServiceName;
  /** 0 when the connection was reset by a fault */
  status: number;
  /** epoch milliseconds when the request arrived */
  startedAt: number;
  /** until the answer was written (latency and fault delays included) */
  durationMs: number;
  /** requests already in flight when this one arrived: > 0 shows requests overlapping */
  inFlightAtStart: number;
  /** JSON or form body with secrets replaced by REDACTED */
  body?: JsonValue;
  /** client id of the bearer token's identity (Databricks calls) */
  caller?: string;
  /** how long the bearer token still had to live when the request arrived, in seconds (Databricks calls) */
  tokenSecondsLeft?: number;
  /** a fault rule answered instead of (or after) the handler */
  fault?: boolean;
  /** the endpoint is deprecated (GET /api/2.0/repos): the task must never call it */
  deprecated?: boolean;
}

export const REDACTED = '[REDACTED]';

const SECRET_KEYS = new Set([
  'personal_access_token',
  'client_secret',
  'client_assertion',
  'access_token',
  'refresh_token',
  'id_token',
  'oidcToken',
  'password',
  'token',
]);

/** A copy of a body with secret members and any known secret text replaced by REDACTED. */
export function redact(value: JsonValue, secrets: ReadonlySet<string>): JsonValue {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) {
      if (text.includes(secret)) {
        text = text.split(secret).join(REDACTED);
      }
    }
    return text;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, secrets));
  }
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) {
        copy[key] = SECRET_KEYS.has(key) && member !== '' ? REDACTED : redact(member, secrets);
      }
    }
    return copy;
  }
  return value;
}

export class RequestLog {
  private readonly list: LoggedRequest[] = [];
  private nextSeq = 1;

  /** Every request so far, in arrival order. */
  get entries(): readonly LoggedRequest[] {
    return this.list;
  }

  /** Assigns the sequence number; the server calls it when a request arrives. */
  takeSeq(): number {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    return seq;
  }

  record(entry: LoggedRequest): void {
    this.list.push(entry);
    this.list.sort((a, b) => a.seq - b.seq);
  }

  clear(): void {
    this.list.length = 0;
  }

  /** Requests per route label (`GET /api/2.0/workspace/get-status` → 2, …). */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.list) {
      counts[entry.route] = (counts[entry.route] ?? 0) + 1;
    }
    return counts;
  }

  /** How many requests a route label got. */
  count(route: string): number {
    return this.list.filter((entry) => entry.route === route).length;
  }

  /** Entries matching every given field. */
  filter(criteria: Partial<Pick<LoggedRequest, 'method' | 'route' | 'service' | 'status' | 'path' | 'caller'>>): LoggedRequest[] {
    const wanted = Object.entries(criteria).filter(([, value]) => value !== undefined);
    return this.list.filter((entry) => wanted.every(([key, value]) => entry[key as keyof LoggedRequest] === value));
  }

  /** Calls to deprecated endpoints (should be none). */
  deprecatedCalls(): LoggedRequest[] {
    return this.list.filter((entry) => entry.deprecated === true);
  }
}
