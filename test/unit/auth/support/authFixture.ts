// Shared set-up of the auth specs: one identity server per spec file, fresh dependencies and records per test.

import * as sinon from 'sinon';
import type { AuthDependencies } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { CredentialSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { createServerCertificate } from '../../../support/tls';
import { IDENTITY_HEADER_VALUE, IdentityServer, MANAGED_IDENTITY_PATH } from './identityServer';
import { TestHttpClient } from './testHttpClient';

export const TENANT = 'contoso-tenant';
export const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
export const CLIENT_SECRET = 'client-secret-value~1';

/** what MSAL reads to find an identity endpoint; only IDENTITY_ENDPOINT + IDENTITY_HEADER (App Service) are set */
const IDENTITY_ENVIRONMENT = [
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'IDENTITY_SERVER_THUMBPRINT',
  'MSI_ENDPOINT',
  'IMDS_ENDPOINT',
  'AZURE_POD_IDENTITY_AUTHORITY_HOST',
];

let managedIdentityFixture: Promise<AuthFixture> | undefined;
/** one stub of the global fetch, shared by the fixtures of a test */
let fetchGuard: { stub: sinon.SinonStub; users: number } | undefined;

export class AuthFixture {
  http: TestHttpClient;
  /** every value given to setSecret, in order */
  secrets: string[] = [];
  /** every log line, any level */
  logs: string[] = [];
  deps: AuthDependencies;
  /** MSAL must never use its own fetch (it would bypass our HTTP layer) */
  fetch: sinon.SinonStub | undefined;

  private savedEnvironment: Record<string, string | undefined> | undefined;

  private constructor(
    readonly server: IdentityServer,
    readonly ca: string,
    private readonly shared = false,
  ) {
    this.http = new TestHttpClient(ca);
    this.deps = this.freshDeps();
  }

  /** The hooks a spec file needs: one fixture for the file, reset before and restored after every test. */
  static use(assign: (fixture: AuthFixture) => void): void {
    let fixture: AuthFixture | undefined;
    before(async () => {
      fixture = await AuthFixture.start();
      assign(fixture);
    });
    beforeEach(() => fixture?.reset());
    afterEach(() => fixture?.restore());
    after(() => fixture?.stop());
  }

  static async start(): Promise<AuthFixture> {
    const certificate = await createServerCertificate();
    return new AuthFixture(await IdentityServer.start(certificate), certificate.cert);
  }

  /**
   * MSAL picks the managed identity source from the environment once per process and keeps it (with the network
   * client of the first app) in a static field. Every spec that reaches managed identity therefore shares one
   * identity server that lives as long as the process; `stop()` only restores the environment.
   */
  static async managedIdentity(): Promise<AuthFixture> {
    managedIdentityFixture ??= createServerCertificate().then(async (certificate) => {
      const server = await IdentityServer.start(certificate);
      server.unref();
      return new AuthFixture(server, certificate.cert, true);
    });
    const fixture = await managedIdentityFixture;
    fixture.savedEnvironment = Object.fromEntries(IDENTITY_ENVIRONMENT.map((name) => [name, process.env[name]]));
    for (const name of IDENTITY_ENVIRONMENT) {
      delete process.env[name];
    }
    process.env.IDENTITY_ENDPOINT = `${fixture.server.origin}${MANAGED_IDENTITY_PATH}`;
    process.env.IDENTITY_HEADER = IDENTITY_HEADER_VALUE;
    return fixture;
  }

  /** call in beforeEach */
  reset(): void {
    this.server.reset();
    this.http = new TestHttpClient(this.ca);
    this.secrets = [];
    this.logs = [];
    this.deps = this.freshDeps();
    fetchGuard ??= { stub: sinon.stub(globalThis, 'fetch').rejects(new Error('MSAL used its own fetch')), users: 0 };
    fetchGuard.users += 1;
    this.fetch = fetchGuard.stub;
  }

  /** call in afterEach */
  restore(): void {
    if (this.fetch !== undefined && fetchGuard !== undefined) {
      fetchGuard.users -= 1;
      if (fetchGuard.users === 0) {
        fetchGuard.stub.restore();
        fetchGuard = undefined;
      }
    }
    this.fetch = undefined;
  }

  async stop(): Promise<void> {
    for (const [name, value] of Object.entries(this.savedEnvironment ?? {})) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
    this.savedEnvironment = undefined;
    if (!this.shared) {
      await this.server.stop();
    }
  }

  secretSource(overrides: Partial<Extract<CredentialSource, { kind: 'secret' }>> = {}): CredentialSource {
    return {
      kind: 'secret',
      authorityHost: this.server.origin,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      ...overrides,
    };
  }

  private freshDeps(): AuthDependencies {
    return {
      http: this.http,
      setSecret: (value: string): void => {
        this.secrets.push(value);
      },
      log: {
        info: (message: string): void => void this.logs.push(message),
        debug: (message: string): void => void this.logs.push(message),
        warning: (message: string): void => void this.logs.push(message),
      },
    };
  }
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
