// The emulator's programmatic API: startEmulator() brings up one HTTPS server on 127.0.0.1 playing Entra ID,
// Azure DevOps (OIDC) and the Databricks REST API, with state a test seeds and reads, faults, latency and a log.

import { createServerCertificate, removeCertificateFiles, type ServerCertificate } from '../support/tls';
import { azureDevOpsRoutes } from './azureDevOps';
import { gitCredentialRoutes } from './databricks/gitCredentials';
import { permissionRoutes } from './databricks/permissions';
import { repoRoutes } from './databricks/repos';
import { workspaceRoutes } from './databricks/workspace';
import { workspaceTokenRoutes } from './databricks/oidcToken';
import { entraRoutes } from './entra';
import type { FaultInjector } from './faults';
import { managedIdentityRoutes } from './managedIdentity';
import type { RequestLog } from './requestLog';
import type { Route } from './route';
import { removeSeedFiles, seedDemo, type DemoSeed } from './seed';
import { EmulatorServer } from './server';
import { knownSecrets, type EmulatorState } from './state';
import { emulatorUrls, type EmulatorUrls } from './urls';

export interface EmulatorOptions {
  /** added to every answer (default 0) */
  latencyMs?: number;
  /** default 0: chosen by the OS */
  port?: number;
  /** reuse a server certificate (default: a fresh one for 127.0.0.1) */
  certificate?: ServerCertificate;
}

export interface MintAccessTokenRequest {
  clientId: string;
  /** DATABRICKS_RESOURCE or AZURE_DEVOPS_RESOURCE */
  resource: string;
  /** default: the identity's tenant */
  tenantId?: string;
  /** default: settings.accessTokenLifetimeSeconds; negative = already expired */
  lifetimeSeconds?: number;
}

export interface Emulator {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** PEM file of the server certificate, for NODE_EXTRA_CA_CERTS */
  readonly caFile: string;
  readonly caCertificate: string;
  readonly urls: EmulatorUrls;
  readonly state: EmulatorState;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** current global latency in ms */
  readonly latencyMs: number;
  setLatency(ms: number): void;
  /** every token, ID token and secret issued or known so far (for a secret-leak check of logs) */
  issuedSecrets(): string[];
  /** an Entra access token minted directly (e.g. an expired Azure DevOps token to store as a Git credential) */
  mintAccessToken(request: MintAccessTokenRequest): string;
  /** a pipeline ID token for a service connection, as the OIDC endpoint would issue it (for the `idToken` parameter) */
  mintIdToken(organization: string, serviceConnectionId: string, lifetimeSeconds?: number): string;
  /** seeds the demo world (once) */
  seedDemo(): Promise<DemoSeed>;
  /** closes the server and removes the files it made: its CA file (unless the certificate was given) and the seed's PEM */
  stop(): Promise<void>;
}

// Specific prefixes first: Entra's `/{tenant}/…` patterns would otherwise be tried against every path.
const ROUTES: Route[] = [
  ...gitCredentialRoutes,
  ...workspaceRoutes,
  ...repoRoutes,
  ...permissionRoutes,
  ...workspaceTokenRoutes,
  ...azureDevOpsRoutes,
  ...managedIdentityRoutes,
  ...entraRoutes,
];

function mintAccessToken(state: EmulatorState, request: MintAccessTokenRequest): string {
  const identity = state.entra.applications.get(request.clientId) ?? state.entra.managedIdentities.get(request.clientId);
  const tenantId = request.tenantId ?? identity?.tenantId;
  if (tenantId === undefined) {
    throw new Error(`emulator: no tenant for ${request.clientId}; pass tenantId`);
  }
  return state.tokens.issueAccessToken({
    tenantId,
    clientId: request.clientId,
    resource: request.resource,
    lifetimeSeconds: request.lifetimeSeconds ?? state.settings.accessTokenLifetimeSeconds,
    method: identity !== undefined && 'kind' in identity ? 'managedIdentity' : 'secret',
    objectId: identity?.objectId,
  }).token;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const certificate = options.certificate ?? (await createServerCertificate());
  // A certificate made here is this emulator's to remove; a given one belongs to the caller.
  const removeOwnFiles = (): void => {
    if (options.certificate === undefined) removeCertificateFiles(certificate);
  };
  const server = await EmulatorServer.start({ key: certificate.key, cert: certificate.cert, routes: ROUTES, latencyMs: options.latencyMs, port: options.port })
    .catch((error: unknown) => {
      removeOwnFiles();
      throw error;
    });
  const seeds: DemoSeed[] = [];
  const stop = async (): Promise<void> => {
    await server.stop();
    for (const seed of seeds) removeSeedFiles(seed);
    removeOwnFiles();
  };
  return {
    url: server.state.url,
    caFile: certificate.caFile,
    caCertificate: certificate.cert,
    urls: emulatorUrls(server.state.url),
    state: server.state,
    faults: server.faults,
    requests: server.log,
    get latencyMs(): number {
      return server.latencyMs;
    },
    setLatency(ms: number): void {
      server.latencyMs = ms;
    },
    issuedSecrets: () => knownSecrets(server.state),
    mintAccessToken: (request) => mintAccessToken(server.state, request),
    mintIdToken: (organization, serviceConnectionId, lifetimeSeconds) => {
      const { azureDevOps, settings, tokens } = server.state;
      return tokens.issueOidcToken({
        issuer: azureDevOps.oidcIssuer(organization),
        subject: azureDevOps.serviceConnectionSubject(organization, serviceConnectionId),
        lifetimeSeconds: lifetimeSeconds ?? settings.oidcTokenLifetimeSeconds,
      }).token;
    },
    seedDemo: async () => {
      const seed = await seedDemo(server.state);
      seeds.push(seed);
      return seed;
    },
    stop,
  };
}

export type { DemoSeed } from './seed';
export type { EmulatorState, EmulatorSettings } from './state';
export type { FaultRule, FaultInjector, PendingFault } from './faults';
export type { LoggedRequest, RequestLog } from './requestLog';
export type { EmulatorUrls } from './urls';
export type { GitFolder, GitCredential, GitFolderDefinition, WorkspaceObject, AccessControlEntry, PermissionLevel } from './databricks/workspaceState';
export type { RemoteRepository, RemoteDefinition } from './remotes';
export type { Application, ManagedIdentity, FederatedCredential, Tenant } from './entraDirectory';
export type { Organization, OrganizationUser, ServiceConnection } from './azureDevOpsDirectory';
export { normaliseRemoteUrl } from './remotes';
export { REDACTED } from './requestLog';
export { resetKnobs } from './state';
export { toJsonText, parseJsonText } from './json';
export { DATABRICKS_RESOURCE, AZURE_DEVOPS_RESOURCE, TOKEN_EXCHANGE_AUDIENCE } from './tokenIssuer';
