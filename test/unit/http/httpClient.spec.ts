// Specs of the HTTP layer against a local HTTPS server: passing bodies through, keep-alive, retries, errors, logging.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { AxiosError } from 'axios';
import { createHttpClient, type HttpClientOptions } from '../../../tasks/DatabricksRepoSyncV1/src/http/httpClient';
import { RetryBudget } from '../../../tasks/DatabricksRepoSyncV1/src/http/retryPolicy';
import { NetworkError, type HttpClient } from '../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { json, resetSocket, startHttpsServer, testCertificate, type Handler, type LocalHttpsServer } from './localHttpsServer';
import { recordingLogger, type RecordingLogger } from './recordingLogger';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJzZWNyZXQiOiJ0b2tlbiJ9.secret-token';

describe('http/httpClient', () => {
  let server: LocalHttpsServer;
  let log: RecordingLogger;
  let waits: number[];

  async function client(overrides: Partial<HttpClientOptions> = {}): Promise<HttpClient> {
    return createHttpClient({
      requestTimeoutMs: 5000,
      budget: new RetryBudget(300_000),
      log,
      ca: (await testCertificate()).cert,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      ...overrides,
    });
  }

  beforeEach(async () => {
    server = await startHttpsServer();
    log = recordingLogger();
    waits = [];
  });

  afterEach(() => server.close());

  describe('one attempt', () => {
    it('passes the body and headers through and answers status, lower-cased headers and raw text', async () => {
      server.script((_req, res) => json(res, 200, '{"id": 1234567890123456789}', { 'X-Trace': 'abc' }));
      const http = await client();
      const response = await http.send({
        method: 'POST',
        url: `${server.origin}/api/2.0/repos`,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: '{"path": "/Repos/ci/app"}',
      });
      assert.equal(response.status, 200);
      assert.equal(response.text, '{"id": 1234567890123456789}');
      assert.equal(response.headers['x-trace'], 'abc');
      const [received] = server.requests;
      assert.equal(received.body, '{"path": "/Repos/ci/app"}');
      assert.equal(received.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(received.headers['content-type'], 'application/json');
    });

    it('hands back a redirect instead of following it', async () => {
      server.script((_req, res) => {
        res.writeHead(302, { Location: 'https://example.invalid/' });
        res.end();
      });
      const response = await (await client()).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 302);
      assert.equal(server.requests.length, 1);
    });

    it('reuses one TLS connection for consecutive requests (keep-alive)', async () => {
      const http = await client();
      await http.send({ method: 'GET', url: `${server.origin}/one` });
      await http.send({ method: 'GET', url: `${server.origin}/two` });
      assert.equal(server.requests.length, 2);
      assert.equal(server.requests[0].socket, server.requests[1].socket);
    });
  });

  describe('logging', () => {
    it('writes one debug line per attempt: method, path without query, status, ms, attempt', async () => {
      server.script((_req, res) => json(res, 503, {}), (_req, res) => json(res, 200, {}));
      await (await client()).send({
        method: 'GET',
        url: `${server.origin}/api/2.0/workspace/get-status?path=%2FRepos%2Fsecret-folder`,
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const debug = log.lines.filter((line) => line.level === 'debug').map((line) => line.message);
      assert.equal(debug.length, 2);
      assert.match(debug[0], /^HTTP GET \/api\/2\.0\/workspace\/get-status -> 503 in \d+ ms \(attempt 1\)$/);
      assert.match(debug[1], /^HTTP GET \/api\/2\.0\/workspace\/get-status -> 200 in \d+ ms \(attempt 2\)$/);
    });

    it('writes one info line per retry with the answer, the request, the wait and the attempt', async () => {
      server.script((_req, res) => json(res, 503, {}), (_req, res) => json(res, 200, {}));
      await (await client()).send({ method: 'PATCH', url: `${server.origin}/api/2.0/repos/42`, body: '{}' });
      const info = log.lines.filter((line) => line.level === 'info').map((line) => line.message);
      assert.deepEqual(info, ['PATCH /api/2.0/repos/42 answered HTTP 503 Service Unavailable; retrying in 0.8 s (attempt 2)']);
    });

    it('never logs headers, bodies or tokens, whatever happens', async () => {
      server.script(
        (req) => resetSocket(req),
        (_req, res) => json(res, 429, { message: 'slow down' }, { 'Retry-After': '1' }),
        (_req, res) => json(res, 200, { access_token: 'server-secret' }),
      );
      await (await client()).send({
        method: 'POST',
        url: `${server.origin}/tenant/oauth2/v2.0/token?client_secret=query-secret`,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'client_secret=body-secret&grant_type=client_credentials',
        idempotent: true,
      });
      assert.equal(server.requests.length, 3);
      for (const line of log.all()) {
        for (const secret of [TOKEN, 'Bearer', 'Authorization', 'query-secret', 'body-secret', 'server-secret', 'slow down']) {
          assert.ok(!line.includes(secret), `log line leaks '${secret}': ${line}`);
        }
      }
    });
  });

  describe('retries of transient failures', () => {
    it('obeys Retry-After in seconds on 429', async () => {
      server.script((_req, res) => json(res, 429, {}, { 'Retry-After': '7' }), (_req, res) => json(res, 200, {}));
      const response = await (await client()).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 200);
      assert.deepEqual(waits, [7000]);
    });

    it('obeys Retry-After as an HTTP date', async () => {
      const later = new Date(Date.now() + 30_000).toUTCString();
      server.script((_req, res) => json(res, 429, {}, { 'Retry-After': later }), (_req, res) => json(res, 200, {}));
      const response = await (await client()).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 200);
      assert.equal(waits.length, 1);
      // the date has whole seconds, so the wait is a little under 30 s, far from any backoff value
      assert.ok(waits[0] > 25_000 && waits[0] <= 30_000, `wait was ${waits[0]}`);
    });

    it('retries 503 then succeeds, with backoff from the jitter source', async () => {
      server.script((_req, res) => json(res, 503, {}), (_req, res) => json(res, 200, { ok: true }));
      const response = await (await client({ random: () => 1 })).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 200);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(waits, [1000]);
    });

    it('retries a reset connection then succeeds', async () => {
      server.script((req) => resetSocket(req), (_req, res) => json(res, 200, {}));
      const response = await (await client()).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 200);
      assert.equal(server.requests.length, 2);
      assert.match(log.all().join('\n'), /GET \/x failed with ECONNRESET; retrying/);
    });

    it('returns the last answer once the shared budget is spent', async () => {
      server.script((_req, res) => json(res, 503, { error_code: 'TEMPORARILY_UNAVAILABLE' }));
      // waits with random 0.5: 750, 1500 (2250 in all) would pass the 2 s budget
      const response = await (await client({ budget: new RetryBudget(2000) })).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 503);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(waits, [750]);
    });

    it('shares the budget between requests of the run', async () => {
      server.script((_req, res) => json(res, 503, {}));
      const http = await client({ budget: new RetryBudget(3000) });
      await http.send({ method: 'GET', url: `${server.origin}/first` });
      await http.send({ method: 'GET', url: `${server.origin}/second` });
      // each wait must leave a second for its attempt: the first request's 750 ms fits, its next 1500 ms does not;
      // the second request has ~2.2 s left: 750 fits again
      assert.deepEqual(waits, [750, 750]);
      assert.equal(server.requests.length, 4);
    });

    it('asks for the Authorization header before every attempt, so a retry carries a fresh token', async () => {
      server.script((_req, res) => json(res, 503, {}), (_req, res) => json(res, 200, {}));
      const handedOut = ['first-token', 'refreshed-token'];
      await (await client()).send({ method: 'GET', url: `${server.origin}/x`, authorization: async () => `Bearer ${handedOut.shift() ?? ''}` });
      assert.deepEqual(server.requests.map((request) => request.headers.authorization), ['Bearer first-token', 'Bearer refreshed-token']);
    });

    it('does not send a retry when other requests left less than a second of the budget: the last answer stands', async () => {
      server.script((_req, res) => json(res, 503, {}));
      const budget = new RetryBudget(5000);
      const http = await client({ budget, sleep: async () => budget.spend(4900) });
      const response = await http.send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 503);
      assert.equal(server.requests.length, 1, 'no attempt with 100 ms of budget');
    });

    it('sends one request at most 10 times, whatever the budget', async () => {
      server.script((_req, res) => json(res, 503, {}));
      const response = await (await client({ budget: new RetryBudget(10_000_000) })).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 503);
      assert.equal(server.requests.length, 10);
    });

    it('waits at least half a second when Retry-After is 0, in the past or unreadable', async () => {
      const throttled = (value: string): Handler => (_req, res) => json(res, 429, {}, { 'Retry-After': value });
      server.script(throttled('0'), throttled('Thu, 01 Jan 1970 00:00:00 GMT'), throttled('x 1'), (_req, res) => json(res, 200, {}));
      await (await client({ random: () => 0 })).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(waits.length, 3);
      for (const wait of waits) assert.ok(wait >= 500, `waited ${wait} ms`);
    });

    it('stops at once when Retry-After asks for more than the budget left', async () => {
      server.script((_req, res) => json(res, 429, {}, { 'Retry-After': '120' }));
      const response = await (await client({ budget: new RetryBudget(60_000) })).send({ method: 'GET', url: `${server.origin}/x` });
      assert.equal(response.status, 429);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(waits, []);
    });

    for (const status of [400, 401, 403, 404, 409, 500]) {
      it(`never retries HTTP ${status}`, async () => {
        server.script((_req, res) => json(res, status, {}));
        const response = await (await client()).send({ method: 'GET', url: `${server.origin}/x` });
        assert.equal(response.status, status);
        assert.equal(server.requests.length, 1);
      });
    }
  });

  describe('creating POSTs (idempotent: false)', () => {
    it('returns a 503 as it is, for the caller to read state again', async () => {
      server.script((_req, res) => json(res, 503, {}), (_req, res) => json(res, 200, {}));
      const response = await (await client()).send({ method: 'POST', url: `${server.origin}/create`, body: '{}', idempotent: false });
      assert.equal(response.status, 503);
      assert.equal(server.requests.length, 1);
    });

    it('retries a 429: the server did nothing', async () => {
      server.script((_req, res) => json(res, 429, {}, { 'Retry-After': '1' }), (_req, res) => json(res, 200, {}));
      const response = await (await client()).send({ method: 'POST', url: `${server.origin}/create`, body: '{}', idempotent: false });
      assert.equal(response.status, 200);
      assert.equal(server.requests.length, 2);
    });

    it('throws a NetworkError when the connection breaks after sending', async () => {
      server.script((req) => resetSocket(req));
      const http = await client();
      const error = await http.send({ method: 'POST', url: `${server.origin}/create`, body: '{}', idempotent: false }).then(
        () => assert.fail('resolved'),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof NetworkError);
      assert.equal(error.code, 'ECONNRESET');
      assert.equal(error.maybeSent, true);
      assert.equal(server.requests.length, 1);
    });

    it('retries a refused connection: nothing reached a server', async () => {
      const port = server.port;
      await server.close();
      let revived: LocalHttpsServer | undefined;
      const http = await client({
        sleep: async (ms) => {
          waits.push(ms);
          revived ??= await startHttpsServer(port);
        },
      });
      try {
        const response = await http.send({ method: 'POST', url: `https://127.0.0.1:${port}/create`, body: '{}', idempotent: false });
        assert.equal(response.status, 200);
        assert.equal(waits.length, 1);
        assert.equal(revived?.requests.length, 1);
      } finally {
        await revived?.close();
      }
    });
  });

  describe('network failures', () => {
    it('become a NetworkError without anything of the request in them', async () => {
      const port = await unusedPort();
      const error = await (await client({ budget: new RetryBudget(0) }))
        .send({ method: 'GET', url: `https://127.0.0.1:${port}/api/2.0/repos?token=query-secret`, headers: { Authorization: `Bearer ${TOKEN}` } })
        .then(() => assert.fail('resolved'), (thrown: unknown) => thrown);
      assert.ok(error instanceof NetworkError);
      assert.ok(!(error instanceof AxiosError));
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.maybeSent, false);
      assert.match(error.message, /^GET https:\/\/127\.0\.0\.1:\d+\/api\/2\.0\/repos got no HTTP answer: ECONNREFUSED/);
      const everything = JSON.stringify(error) + error.message + String(error.stack) + Object.keys(error).join();
      assert.ok(!everything.includes(TOKEN) && !everything.includes('query-secret') && !everything.includes('config'));
    });

    it('report a timeout as ETIMEDOUT', async () => {
      server.script(() => undefined);
      const error = await (await client({ requestTimeoutMs: 100, budget: new RetryBudget(0) }))
        .send({ method: 'GET', url: `${server.origin}/slow` })
        .then(() => assert.fail('resolved'), (thrown: unknown) => thrown);
      assert.ok(error instanceof NetworkError);
      assert.equal(error.code, 'ETIMEDOUT');
      assert.equal(error.maybeSent, true);
    });

    it('charge the budget for retried attempts only: a first timeout still gets its retry', async () => {
      server.script(() => undefined);
      // 750 ms of wait and a second for the retry fit 2 s only if the first ~100 ms attempt is free; the retry's own
      // time, the next 1500 ms and a second more do not
      const error = await (await client({ requestTimeoutMs: 100, budget: new RetryBudget(2000) }))
        .send({ method: 'GET', url: `${server.origin}/slow` })
        .then(() => assert.fail('resolved'), (thrown: unknown) => thrown);
      assert.ok(error instanceof NetworkError);
      assert.deepEqual(waits, [750]);
      assert.equal(server.requests.length, 2);
    });

    it('bound the whole request: a server trickling its body one byte at a time is cut at requestTimeoutMs', async () => {
      const timers: NodeJS.Timeout[] = [];
      server.script((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        timers.push(setInterval(() => res.write(' '), 20));
      });
      const started = performance.now();
      let error: unknown;
      try {
        error = await (await client({ requestTimeoutMs: 300, budget: new RetryBudget(0) }))
          .send({ method: 'GET', url: `${server.origin}/trickle` })
          .then(() => assert.fail('resolved'), (thrown: unknown) => thrown);
      } finally {
        // also when the assertion above fails: the trickle must not outlive the test
        for (const timer of timers) clearInterval(timer);
      }
      assert.ok(error instanceof NetworkError);
      assert.equal(error.code, 'ETIMEDOUT');
      assert.ok(performance.now() - started < 3000, 'ended near the deadline, not when the server stopped');
    });

    it('cut a retried attempt at the retry budget left, not at the full request timeout', async () => {
      server.script(() => undefined);
      const budget = new RetryBudget(1000);
      const started = performance.now();
      await (await client({ requestTimeoutMs: 60_000, budget, random: () => 0 }))
        .send({ method: 'GET', url: `${server.origin}/slow`, withinRetryBudget: true })
        .then(() => assert.fail('resolved'), (thrown: unknown) => thrown);
      assert.ok(performance.now() - started < 5000, 'the attempt ended with the budget');
      assert.equal(budget.remainingMs, 0);
    });

    it('do not retry a certificate the client does not trust', async () => {
      const http = createHttpClient({ requestTimeoutMs: 5000, budget: new RetryBudget(300_000), log, sleep: async () => undefined });
      const error = await http.send({ method: 'GET', url: `${server.origin}/x` }).then(
        () => assert.fail('resolved'),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof NetworkError);
      assert.equal(server.requests.length, 0);
      assert.doesNotMatch(log.all().join('\n'), /retrying/);
    });
  });

  describe('close', () => {
    it('aborts a request in flight and refuses new ones, so nothing keeps the process alive', async () => {
      server.script(() => undefined);
      const http = await client({ requestTimeoutMs: 60_000, budget: new RetryBudget(0) });
      const pending = http.send({ method: 'GET', url: `${server.origin}/hang` }).then(() => 'resolved', (thrown: unknown) => thrown);
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      http.close();
      const error = await pending;
      assert.ok(error instanceof NetworkError);
      const refused = await http.send({ method: 'GET', url: `${server.origin}/x` }).then(() => 'resolved', (thrown: unknown) => thrown);
      assert.ok(refused instanceof NetworkError && refused.code === 'ERR_CLOSED');
    });
  });
});

async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
