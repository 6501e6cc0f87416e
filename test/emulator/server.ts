// The one HTTPS server on 127.0.0.1: reads each request, routes it by path to a service handler, adds the global
// latency, applies queued faults and writes the request log. Everything about sockets lives here.

import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, replacesAnswer, type FaultRule } from './faults';
import { parseJsonText, toJsonText, type JsonObject, type JsonValue } from './json';
import { redact, RequestLog, type LoggedRequest } from './requestLog';
import { matchRoute, serviceOf, type Reply, type RequestContext, type Route, type ServiceName } from './route';
import { createState, knownSecrets, type EmulatorState } from './state';

export interface ServerStartOptions {
  key: string;
  cert: string;
  routes: readonly Route[];
  latencyMs?: number;
  /** 0 (default): a port chosen by the OS */
  port?: number;
}

const DEFAULT_FAULT_CODES: Record<number, string> = {
  429: 'REQUEST_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export class EmulatorServer {
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  /** added before every answer, so a run's total time shows its round trips */
  latencyMs: number;
  private inFlight = 0;

  private constructor(
    private readonly server: https.Server,
    readonly state: EmulatorState,
    private readonly routes: readonly Route[],
    latencyMs: number,
  ) {
    this.latencyMs = latencyMs;
  }

  static async start(options: ServerStartOptions): Promise<EmulatorServer> {
    let emulator: EmulatorServer | undefined;
    const server = https.createServer({ key: options.key, cert: options.cert }, (request, response) => {
      emulator?.handle(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    emulator = new EmulatorServer(server, createState(`https://127.0.0.1:${port}`), options.routes, options.latencyMs ?? 0);
    return emulator;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const inFlightAtStart = this.inFlight;
    this.inFlight += 1;
    const seq = this.log.takeSeq();
    try {
      const rawBody = await readBody(request);
      const target = new URL(request.url ?? '/', this.state.url);
      const method = (request.method ?? 'GET').toUpperCase();
      const context = this.contextFor(request, method, target, rawBody);
      const match = matchRoute(this.routes, method, target.pathname);
      const service: ServiceName = match?.route.service ?? serviceOf(target.pathname);
      await sleep(this.latencyMs);
      const fault = this.faults.take(method, `${target.pathname}${target.search}`);
      await sleep(fault?.delayMs ?? 0);
      let reply: Reply | 'reset' | Trickle;
      if (fault !== undefined && replacesAnswer(fault) && fault.applyRequest !== true) {
        reply = faultReply(fault, service);
      } else {
        const handled = this.dispatch(match, context);
        reply = fault !== undefined && replacesAnswer(fault) ? faultReply(fault, service) : handled;
        await sleep(fault?.answerAfterMs ?? 0);
      }
      const status = this.send(response, reply);
      this.log.record({
        seq,
        method,
        path: context.path,
        query: Object.fromEntries(target.searchParams),
        route: `${method} ${match?.route.pattern ?? context.path}`,
        service,
        status,
        startedAt,
        durationMs: Date.now() - startedAt,
        inFlightAtStart,
        ...this.loggedBody(context),
        ...definedOnly({
          caller: context.annotations.caller,
          deprecated: context.annotations.deprecated,
          tokenSecondsLeft: context.annotations.tokenSecondsLeft,
          fault: fault !== undefined ? true : undefined,
        }),
      });
    } finally {
      this.inFlight -= 1;
    }
  }

  private contextFor(request: IncomingMessage, method: string, target: URL, rawBody: string): RequestContext {
    const contentType = request.headers['content-type'] ?? '';
    const isForm = contentType.includes('application/x-www-form-urlencoded');
    return {
      method,
      path: safeDecodePath(target.pathname),
      query: target.searchParams,
      headers: request.headers,
      params: {},
      body: isForm ? undefined : parseBody(rawBody),
      form: isForm ? new URLSearchParams(rawBody) : undefined,
      rawBody,
      state: this.state,
      annotations: {},
    };
  }

  private dispatch(match: ReturnType<typeof matchRoute>, context: RequestContext): Reply {
    if (match === undefined) {
      return notFound(context);
    }
    try {
      return match.route.handle({ ...context, params: match.params });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: `emulator bug: ${message}` } };
    }
  }

  /** Writes the answer (or resets the connection, or trickles it); returns the status for the log, 0 for a reset. */
  private send(response: ServerResponse, reply: Reply | 'reset' | Trickle): number {
    if (reply === 'reset') {
      response.socket?.destroy();
      return 0;
    }
    if ('trickle' in reply) {
      trickle(response, reply.trickle);
      return 200;
    }
    const text = reply.text ?? (reply.body === undefined ? '' : toJsonText(reply.body));
    const contentType = reply.text !== undefined ? (reply.contentType ?? 'text/plain; charset=utf-8') : 'application/json; charset=utf-8';
    response.writeHead(reply.status, { 'content-type': contentType, ...reply.headers });
    response.end(text);
    return reply.status;
  }

  private loggedBody(context: RequestContext): { body?: JsonValue } {
    // very short test secrets would blank out ordinary words; real ones are long
    const secrets = new Set(knownSecrets(this.state).filter((secret) => secret.length >= 8));
    if (context.form !== undefined) {
      return { body: redact(Object.fromEntries(context.form) as JsonObject, secrets) };
    }
    return context.body === undefined ? {} : { body: redact(context.body, secrets) };
  }
}

function faultReply(rule: FaultRule, service: ServiceName): Reply | 'reset' | Trickle {
  if (rule.reset === true) {
    return 'reset';
  }
  if (rule.trickle !== undefined) {
    return { trickle: rule.trickle };
  }
  const status = rule.status ?? 500;
  const body: JsonValue =
    rule.body ??
    (service === 'databricks'
      ? { error_code: DEFAULT_FAULT_CODES[status] ?? 'INTERNAL_ERROR', message: `Injected fault: HTTP ${status}` }
      : { error: 'temporarily_unavailable', error_description: `Injected fault: HTTP ${status}` });
  return typeof body === 'string' ? { status, text: body, headers: rule.headers } : { status, body, headers: rule.headers };
}

/** A fault answer that never quite arrives: headers now, then one byte at a time. */
interface Trickle {
  trickle: { intervalMs: number; bytes: number };
}

/** 200 and a JSON content type at once, then `bytes` spaces one by one; stops when the client goes away. */
function trickle(response: ServerResponse, { intervalMs, bytes }: Trickle['trickle']): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes) });
  let sent = 0;
  const timer = setInterval(() => {
    sent += 1;
    if (sent >= bytes) {
      clearInterval(timer);
      response.end(' ');
    } else {
      response.write(' ');
    }
  }, intervalMs);
  response.on('close', () => clearInterval(timer));
}

function notFound(context: RequestContext): Reply {
  const message = `No API found for '${context.method} ${context.path}'`;
  return serviceOf(context.path) === 'databricks'
    ? { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message } }
    : { status: 404, body: { error: 'not_found', error_description: message } };
}

function parseBody(rawBody: string): JsonValue | undefined {
  if (rawBody.trim() === '') {
    return undefined;
  }
  try {
    return parseJsonText(rawBody);
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function safeDecodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}

export type { LoggedRequest };
