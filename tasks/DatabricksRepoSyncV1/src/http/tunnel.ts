// The CONNECT tunnel through the agent's proxy: an https.Agent whose connections are opened with CONNECT host:port,
// taken only on `200`, and all destroyed when the run ends.
//
// Our own rather than https-proxy-agent's: that one replays any other answer to CONNECT as if the server had sent it
// (a proxy could forge every response), and a tunnel still waiting for the proxy's answer cannot be closed from
// outside, so a silent proxy kept the task's process alive after its result was set.

import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

/** The proxy's answer to CONNECT was not 200: nothing was sent to the server. */
export class ProxyRefusedError extends Error {
  readonly code = 'ERR_PROXY_REFUSED';
  constructor(
    /** HTTP status of the proxy's answer; 0 when it was not HTTP */
    readonly status: number,
    /** the proxy's own reason phrase: outside text, neutralise before showing */
    readonly reason: string,
  ) {
    super(`the proxy answered CONNECT with ${status ? `HTTP ${status}` : 'something that is not HTTP'}`);
    this.name = 'ProxyRefusedError';
  }
}

/** A CONNECT answer's head is a few hundred bytes; a proxy that sends more is not answering CONNECT. */
const MAX_HEAD_BYTES = 16 * 1024;

export interface TunnelOptions {
  /** the proxy, credentials in its user info (decoded for Proxy-Authorization) */
  proxyUrl: URL;
  /** certificate authorities for the servers behind the tunnel (and an https proxy) */
  ca?: string;
  /** how long the proxy may take to answer CONNECT */
  connectTimeoutMs: number;
}

type Callback = (error: Error | null, stream: Duplex) => void;

export class TunnelAgent extends https.Agent {
  /** tunnels still waiting for the proxy's answer: not yet the agent's sockets, so destroy() would miss them */
  private readonly opening = new Set<net.Socket>();

  constructor(private readonly tunnel: TunnelOptions) {
    super({ keepAlive: true, ca: tunnel.ca });
  }

  /** Node's agent accepts the socket through the callback (the asynchronous form of createConnection). */
  override createConnection(options: https.RequestOptions, callback?: Callback): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    this.open(options).then(
      (socket) => done(null, socket),
      (error: Error) => done(error, undefined as unknown as Duplex),
    );
    return undefined;
  }

  /** Destroys every socket: pooled, in use, and tunnels still waiting for the proxy. */
  override destroy(): void {
    for (const socket of this.opening) socket.destroy();
    this.opening.clear();
    super.destroy();
  }

  private async open(options: https.RequestOptions): Promise<Duplex> {
    const target = `${hostForConnect(String(options.host ?? options.hostname ?? ''))}:${options.port ?? 443}`;
    const proxySocket = this.connectToProxy();
    this.opening.add(proxySocket);
    try {
      const rest = await this.requestTunnel(proxySocket, target);
      // Before the TLS handshake the server has nothing to say: bytes after the 200 come from the proxy itself.
      if (rest.length > 0) throw new ProxyRefusedError(200, 'and then data of its own before the TLS handshake');
    } catch (error) {
      proxySocket.destroy();
      throw error;
    } finally {
      this.opening.delete(proxySocket);
    }
    return tls.connect({ ...(options as tls.ConnectionOptions), ca: this.tunnel.ca, socket: proxySocket });
  }

  private connectToProxy(): net.Socket {
    const { proxyUrl } = this.tunnel;
    const host = proxyUrl.hostname.replace(/^\[|\]$/g, '');
    const secure = proxyUrl.protocol === 'https:';
    const port = Number(proxyUrl.port) || (secure ? 443 : 80);
    return secure
      ? tls.connect({ host, port, ca: this.tunnel.ca, servername: net.isIP(host) ? undefined : host })
      : net.connect({ host, port });
  }

  /** Sends CONNECT and resolves with any bytes after the answer's head when the answer is 200 (there should be none). */
  private requestTunnel(socket: net.Socket, target: string): Promise<Buffer> {
    socket.write(connectRequest(target, this.tunnel.proxyUrl));
    return new Promise<Buffer>((resolve, reject) => {
      let received = Buffer.alloc(0);
      const timer = setTimeout(() => fail(timeoutError(this.tunnel.connectTimeoutMs)), this.tunnel.connectTimeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        socket.off('data', onData).off('error', fail).off('close', onClose);
      };
      const fail = (error: Error): void => {
        finish();
        reject(error);
      };
      const onClose = (): void => fail(Object.assign(new Error('the proxy closed the connection before answering CONNECT'), { code: 'ECONNRESET' }));
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) {
          if (received.length > MAX_HEAD_BYTES) fail(new ProxyRefusedError(0, ''));
          return;
        }
        finish();
        const [status, reason] = statusOf(received.subarray(0, end).toString('latin1'));
        if (status === 200) resolve(received.subarray(end + 4));
        else reject(new ProxyRefusedError(status, reason));
      };
      socket.on('data', onData).on('error', fail).on('close', onClose);
    });
  }
}

function hostForConnect(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

function connectRequest(target: string, proxyUrl: URL): string {
  const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
  if (proxyUrl.username || proxyUrl.password) {
    const credentials = `${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`;
    lines.push(`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Status and reason of `HTTP/1.1 200 Connection established`; status 0 when the head is not an HTTP answer. */
function statusOf(head: string): [number, string] {
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})(?: ([^\r\n]*))?/.exec(head);
  return match ? [Number(match[1]), match[2] ?? ''] : [0, ''];
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`the proxy did not answer CONNECT within ${Math.round(ms / 1000)} s`), { code: 'ETIMEDOUT' });
}
