// A small HTTP CONNECT proxy on 127.0.0.1 for the proxy scenarios: records every tunnel's requested host:port (and
// Proxy-Authorization), optionally sends a tunnel to another port, and refuses plain (non-CONNECT) requests. It can also
// turn hostile: answer CONNECT with a forged response, refuse it as a corporate proxy does, or never answer.

import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Tunnel {
  /** host:port as the client asked for it */
  target: string;
  proxyAuthorization?: string;
}

/** How the proxy answers CONNECT. */
export type ProxyBehaviour =
  | { kind: 'tunnel' }
  /** answers every CONNECT with this status and body, as if it were the server (https-proxy-agent replays it) */
  | { kind: 'forge'; status: number; body: string }
  /** refuses the tunnel with a status and an HTML page, as a corporate proxy does */
  | { kind: 'refuse'; status: number; reason: string }
  /** accepts the connection and never answers */
  | { kind: 'silent' };

export interface ConnectProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** what CONNECT gets; a test may change it between runs */
  behaviour: ProxyBehaviour;
  readonly tunnels: Tunnel[];
  /** plain requests the proxy refused (a client must tunnel HTTPS, not send it to the proxy) */
  readonly refused: string[];
  close(): Promise<void>;
}

/** `redirect` maps a requested host:port to the port really connected to (e.g. a closed port → the emulator's). */
export async function startConnectProxy(redirect: Record<string, number> = {}): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = [];
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    refused.push(`${request.method ?? ''} ${request.url ?? ''}`);
    response.writeHead(405).end();
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const proxy = { behaviour: { kind: 'tunnel' } as ProxyBehaviour };
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push({ target, proxyAuthorization: request.headers['proxy-authorization'] });
    client.on('error', () => undefined);
    if (answerHostile(proxy.behaviour, client)) return;
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = net.connect(redirect[target] ?? port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get behaviour(): ProxyBehaviour {
      return proxy.behaviour;
    },
    set behaviour(next: ProxyBehaviour) {
      proxy.behaviour = next;
    },
    tunnels,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers CONNECT the hostile way; false when the proxy should tunnel as usual. */
function answerHostile(behaviour: ProxyBehaviour, client: net.Socket): boolean {
  switch (behaviour.kind) {
    case 'tunnel':
      return false;
    case 'silent':
      return true;
    case 'forge':
      client.end(`HTTP/1.1 ${behaviour.status} OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(behaviour.body)}\r\n\r\n${behaviour.body}`);
      return true;
    case 'refuse': {
      const page = `<html><body><h1>${behaviour.reason}</h1></body></html>`;
      client.end(`HTTP/1.1 ${behaviour.status} ${behaviour.reason}\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n${page}`);
      return true;
    }
  }
}
