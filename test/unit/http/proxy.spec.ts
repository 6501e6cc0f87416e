// Specs of the proxy route: CONNECT tunnelling with credentials through a tiny local proxy, and the bypass list.

import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { createHttpClient } from '../../../tasks/DatabricksRepoSyncV1/src/http/httpClient';
import {
  compileBypassList,
  createConnectionRouter,
  describeProxy,
  proxyUrlWithCredentials,
} from '../../../tasks/DatabricksRepoSyncV1/src/http/proxy';
import { RetryBudget } from '../../../tasks/DatabricksRepoSyncV1/src/http/retryPolicy';
import { NetworkError } from '../../../tasks/DatabricksRepoSyncV1/src/http/types';
import type { ProxySettings } from '../../../tasks/DatabricksRepoSyncV1/src/options';
import { json, startHttpsServer, testCertificate, type LocalHttpsServer } from './localHttpsServer';
import { recordingLogger } from './recordingLogger';

interface ConnectProxy {
  url: string;
  /** host:port of every CONNECT */
  tunnels: string[];
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Just enough of a forward proxy: answers CONNECT and pipes bytes both ways. */
async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    authorizations.push(req.headers['proxy-authorization']);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('http/proxy', () => {
  describe('proxyUrlWithCredentials / describeProxy', () => {
    const proxy: ProxySettings = { url: 'http://proxy.corp:8888', username: 'DOMAIN\\builder', password: 'p@ss:w/rd', bypass: [] };

    it('puts encoded credentials into the URL', () => {
      const url = new URL(proxyUrlWithCredentials(proxy));
      assert.equal(decodeURIComponent(url.username), 'DOMAIN\\builder');
      assert.equal(decodeURIComponent(url.password), 'p@ss:w/rd');
      assert.equal(url.host, 'proxy.corp:8888');
    });

    it('assumes http:// when the agent gives a bare host:port', () => {
      assert.equal(proxyUrlWithCredentials({ url: 'proxy.corp:3128', bypass: [] }), 'http://proxy.corp:3128/');
    });

    it('describes the proxy without its credentials', () => {
      assert.equal(describeProxy(proxy), 'http://proxy.corp:8888');
    });
  });

  describe('compileBypassList', () => {
    it('matches entries as case-insensitive regular expressions against the whole URL and skips broken ones', () => {
      const log = recordingLogger();
      const patterns = compileBypassList(['adb-\\d+\\.\\d+\\.azuredatabricks\\.net', '', '([unclosed'], log);
      assert.equal(patterns.length, 1);
      assert.ok(patterns[0].test('https://ADB-123.4.azuredatabricks.net/api/2.0/repos'));
      assert.equal(log.lines.length, 1);
      assert.match(log.lines[0].message, /'\(\[unclosed' is not a regular expression/);
    });

    it('routes bypassed URLs to the direct agent and the rest to one cached tunnel agent', () => {
      const direct = new https.Agent();
      const router = createConnectionRouter(direct, { url: 'http://p:1', bypass: ['\\.internal\\b'] }, recordingLogger(), { connectTimeoutMs: 1000 });
      assert.equal(router.route('https://db.internal/x').agent, direct);
      const first = router.route('https://login.microsoftonline.com/t');
      assert.notEqual(first.agent, direct);
      assert.equal(first.proxy, 'http://p:1');
      assert.equal(router.route('https://adb-1.2.azuredatabricks.net/').agent, first.agent);
    });

    it('sends plain-http URLs (the managed identity endpoint of the machine) direct, never through the proxy', () => {
      const direct = new https.Agent();
      const router = createConnectionRouter(direct, { url: 'http://p:1', bypass: [] }, recordingLogger(), { connectTimeoutMs: 1000 });
      assert.deepEqual(router.route('http://169.254.169.254/metadata/identity/oauth2/token'), { agent: direct });
      assert.notEqual(router.route('https://login.microsoftonline.com/t').agent, direct);
    });
  });

  describe('through the HTTP layer', () => {
    let target: LocalHttpsServer;
    let proxy: ConnectProxy;

    beforeEach(async () => {
      target = await startHttpsServer();
      target.script((_req, res) => json(res, 200, { ok: true }));
      proxy = await startConnectProxy();
    });

    afterEach(async () => {
      await target.close();
      await proxy.close();
    });

    async function send(settings: ProxySettings): Promise<number> {
      const client = createHttpClient({
        requestTimeoutMs: 5000,
        budget: new RetryBudget(0),
        proxy: settings,
        log: recordingLogger(),
        ca: (await testCertificate()).cert,
      });
      const response = await client.send({ method: 'GET', url: `${target.origin}/api/2.0/repos/1` });
      return response.status;
    }

    it('tunnels HTTPS with CONNECT to host:port, with the proxy credentials', async () => {
      const status = await send({ url: proxy.url, username: 'builder', password: 'p@ss', bypass: [] });
      assert.equal(status, 200);
      assert.deepEqual(proxy.tunnels, [`127.0.0.1:${target.port}`]);
      assert.equal(proxy.authorizations[0], `Basic ${Buffer.from('builder:p@ss').toString('base64')}`);
      assert.equal(target.requests.length, 1);
    });

    it('goes direct when the URL matches a bypass entry', async () => {
      const status = await send({ url: proxy.url, bypass: ['^https://127\\.0\\.0\\.1:'] });
      assert.equal(status, 200);
      assert.deepEqual(proxy.tunnels, []);
      assert.equal(target.requests.length, 1);
    });
  });

  describe('a proxy that talks out of turn', () => {
    it('refuses the tunnel when the proxy sends bytes of its own after its 200, before the TLS handshake', async () => {
      const sockets = new Set<net.Socket>();
      const proxy = net.createServer((socket) => {
        sockets.add(socket);
        socket.once('data', () => socket.write('HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{"forged":true}'));
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const { port } = proxy.address() as net.AddressInfo;
      try {
        const client = createHttpClient({
          requestTimeoutMs: 5000,
          budget: new RetryBudget(0),
          proxy: { url: `http://127.0.0.1:${port}`, bypass: [] },
          log: recordingLogger(),
          ca: (await testCertificate()).cert,
        });
        const error = await client.send({ method: 'GET', url: 'https://127.0.0.1:9/api/2.0/repos/1' }).then(() => 'resolved', (thrown: unknown) => thrown);
        client.close();
        assert.ok(error instanceof NetworkError, String(error));
        assert.equal(error.code, 'ERR_PROXY_REFUSED');
        assert.match(error.message, /refused the tunnel .*data of its own/);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    });
  });
});

