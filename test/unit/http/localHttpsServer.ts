// A scripted HTTPS server on 127.0.0.1 for the HTTP and Databricks specs: records each request and its socket.

import * as https from 'node:https';
import type * as http from 'node:http';
import type * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServerCertificate, type ServerCertificate } from '../../support/tls';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: net.Socket;
}

export type Handler = (request: RecordedRequest, res: http.ServerResponse) => void;

export interface LocalHttpsServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** answers requests in turn; the last one answers all further requests */
  script(...handlers: Handler[]): void;
  close(): Promise<void>;
}

let certificate: Promise<ServerCertificate> | undefined;

/** The certificate is made once per test process: RSA key generation is the slow part. */
export function testCertificate(): Promise<ServerCertificate> {
  certificate ??= createServerCertificate();
  return certificate;
}

export async function startHttpsServer(port = 0): Promise<LocalHttpsServer> {
  const cert = await testCertificate();
  const requests: RecordedRequest[] = [];
  let handlers: Handler[] = [(_req, res) => json(res, 200, {})];
  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socket: req.socket,
      };
      requests.push(recorded);
      const handler = handlers[Math.min(requests.length, handlers.length) - 1];
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    origin: `https://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    script: (...next) => {
      handlers = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Kills the connection without an answer: the client sees a reset. */
export function resetSocket(request: RecordedRequest): void {
  request.socket.destroy();
}
