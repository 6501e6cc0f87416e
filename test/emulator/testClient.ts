// A minimal HTTPS client for tests that talk to the emulator directly (trusting its CA, no proxy, no retries):
// JSON or form bodies out, status + raw text + parsed JSON back. The raw text shows int64 ids exactly.

import * as https from 'node:https';
import { parseJsonText, toJsonText, type JsonValue } from './json';

export interface EmulatorRequest {
  method?: string;
  /** path with query, e.g. `/api/2.0/repos/1` */
  path: string;
  headers?: Record<string, string>;
  /** sent as JSON */
  json?: JsonValue;
  /** sent as application/x-www-form-urlencoded */
  form?: Record<string, string>;
  /** `Authorization: Bearer <token>` */
  bearer?: string;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** parsed with long integers as strings; undefined when the body is not JSON */
  json: JsonValue | undefined;
}

/** Sends one request to the emulator at `url`, trusting `ca`. */
export function emulatorRequest(url: string, ca: string, request: EmulatorRequest): Promise<EmulatorResponse> {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    body = toJsonText(request.json);
    headers['content-type'] = 'application/json';
  } else if (request.form !== undefined) {
    body = new URLSearchParams(request.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=utf-8';
  }
  if (request.bearer !== undefined) {
    headers.authorization = `Bearer ${request.bearer}`;
  }
  return new Promise((resolve, reject) => {
    const outgoing = https.request(new URL(request.path, url), { method: request.method ?? 'GET', headers, ca, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text, json: tryParse(text) });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function tryParse(text: string): JsonValue | undefined {
  try {
    return parseJsonText(text);
  } catch {
    return undefined;
  }
}
