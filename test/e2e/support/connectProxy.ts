// A small HTTP CONNECT proxy on 127.0.0.1 for the proxy scenarios: records every tunnel's requested host:port (and
// Proxy-Authorization), optionally sends a tunnel to another port, and refuses plain (non-CONNECT) requests.

import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Tunnel {
  /** host:port as the client asked for it */
  target: string;
  proxyAuthorization?: string;
}

export interface ConnectProxy {
  /** http://127.0.0.1:<port> */
  url: string;
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
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push({ target, proxyAuthorization: request.headers['proxy-authorization'] });
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
    tunnels,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
