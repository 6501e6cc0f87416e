// A small HTTPS stand-in on 127.0.0.1 for Entra ID (token endpoint, metadata), the Azure DevOps OIDC token endpoint
// and an App Service style managed identity endpoint; it records every request it receives.

import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import type { ServerCertificate } from '../../../support/tls';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** the body read as a form (token requests) */
  form: URLSearchParams;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Responder = (request: ReceivedRequest) => Reply | Promise<Reply>;

/** The header value the managed identity endpoint expects (IDENTITY_HEADER). */
export const IDENTITY_HEADER_VALUE = 'test-identity-header';
export const OIDC_PATH = '/oidc/request';
export const MANAGED_IDENTITY_PATH = '/msi/token';

export class IdentityServer {
  readonly received: ReceivedRequest[] = [];
  /** access tokens and ID tokens handed out, in order */
  readonly issued: string[] = [];
  onToken: Responder = (request) => this.issueAccessToken(request);
  onOidc: Responder = () => this.issueIdToken();
  onManagedIdentity: Responder = (request) => this.issueManagedIdentityToken(request);
  private counter = 0;

  private constructor(private readonly server: https.Server) {}

  static async start(certificate: ServerCertificate): Promise<IdentityServer> {
    const server = https.createServer({ key: certificate.key, cert: certificate.cert });
    const identity = new IdentityServer(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'https://127.0.0.1');
        const body = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = {
          method: request.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          body,
          form: new URLSearchParams(body),
        };
        identity.received.push(received);
        void Promise.resolve(identity.route(received)).then((reply) => {
          response.writeHead(reply.status, { 'Content-Type': 'application/json' });
          response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return identity;
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** forgets what was received and issued, and restores the default responders */
  reset(): void {
    this.received.length = 0;
    this.issued.length = 0;
    this.onToken = (request) => this.issueAccessToken(request);
    this.onOidc = () => this.issueIdToken();
    this.onManagedIdentity = (request) => this.issueManagedIdentityToken(request);
  }

  tokenRequests(): ReceivedRequest[] {
    return this.received.filter((request) => request.path.endsWith('/oauth2/v2.0/token'));
  }

  oidcRequests(): ReceivedRequest[] {
    return this.received.filter((request) => request.path.includes('oidc'));
  }

  /** lets the process end while the server still listens (the shared managed identity server is never stopped) */
  unref(): void {
    this.server.unref();
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private route(request: ReceivedRequest): Reply | Promise<Reply> {
    if (request.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(request.path)) {
      return this.onToken(request);
    }
    if (request.method === 'POST' && (request.path === OIDC_PATH || request.path.endsWith('/oidctoken'))) {
      return this.onOidc(request);
    }
    if (request.method === 'GET' && request.path === MANAGED_IDENTITY_PATH) {
      return this.onManagedIdentity(request);
    }
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(request.path);
    if (metadata) {
      const base = `${this.origin}/${metadata[1]}`;
      return {
        status: 200,
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          issuer: `${base}/v2.0`,
        },
      };
    }
    return { status: 404, body: { error: 'not_found', error_description: `no route for ${request.path}` } };
  }

  /**
   * Proves two requests are in flight together without timing them: the first answer waits until a second request
   * has arrived. Were the requests sent one after the other, the first would wait for nothing and, after a long
   * grace period, fail with 503; `responder` answers once both are in.
   */
  holdFirstUntilSecond(responder: Responder): Responder {
    let release: (() => void) | undefined;
    let waiting = true;
    return async (request) => {
      if (release === undefined) {
        const arrived = await new Promise<boolean>((resolve) => {
          release = (): void => resolve(true);
          setTimeout(() => resolve(false), 5000).unref();
        });
        waiting = false;
        return arrived ? responder(request) : { status: 503, body: { error: 'second_request_never_arrived' } };
      }
      if (waiting) {
        release();
      }
      return responder(request);
    };
  }

  /** An access token whose text names the resource, so a test can tell the Databricks and Azure DevOps tokens apart. */
  issueAccessToken(request: ReceivedRequest): Reply {
    const resource = (request.form.get('scope') ?? '').replace('/.default', '');
    const token = `access-${resource}-${++this.counter}`;
    this.issued.push(token);
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  issueIdToken(): Reply {
    const token = `id-token-${++this.counter}`;
    this.issued.push(token);
    return { status: 200, body: { oidcToken: token } };
  }

  issueManagedIdentityToken(request: ReceivedRequest): Reply {
    if (request.headers['x-identity-header'] !== IDENTITY_HEADER_VALUE) {
      return { status: 401, body: { statusCode: 401, message: 'missing or wrong X-IDENTITY-HEADER' } };
    }
    const resource = request.query.get('resource') ?? '';
    const token = `mi-${resource}-${++this.counter}`;
    this.issued.push(token);
    const expiresOn = String(Math.floor(Date.now() / 1000) + 3600);
    return {
      status: 200,
      body: { access_token: token, expires_on: expiresOn, resource, token_type: 'Bearer', client_id: 'mi-client' },
    };
  }
}

/** Entra's error answer, as the token endpoint sends it. */
export function entraError(status: number, error: string, code: number, description: string): Reply {
  return {
    status,
    body: {
      error,
      // Entra appends trace id, correlation id and time on further lines
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-01-01`,
      error_codes: [code],
      timestamp: '2026-01-01 00:00:00Z',
      trace_id: '0000',
      correlation_id: '1111',
    },
  };
}
