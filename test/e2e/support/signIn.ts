// Helpers of the sign-in end-to-end specs: service connections and environments of each sign-in path, the token
// traffic the emulator saw, and the checks every run gets (result, one error line, no leak, no discovery call).
import * as assert from 'node:assert/strict';
import { AZURE_DEVOPS_RESOURCE, DATABRICKS_RESOURCE, resetKnobs, type LoggedRequest } from '../../emulator';
import { isJsonObject } from '../../emulator/json';
import type { EndpointSpec, TaskRun } from '../agent/agentRunner';
import { leaks, startWorld, type E2eWorld } from './fixture';

export const DATABRICKS_SCOPE = `${DATABRICKS_RESOURCE}/.default`;
export const AZURE_DEVOPS_SCOPE = `${AZURE_DEVOPS_RESOURCE}/.default`;
/** Loopback discard port: anything sent there is refused at once, so a value that must not be used shows if it is. */
export const UNUSED_HOST = 'https://127.0.0.1:9';

/** The suite hooks of the sign-in specs: one world for the file, and a clean emulator before every test. */
export function useSignInWorld(assign: (world: E2eWorld) => void): void {
  let world: E2eWorld | undefined;
  before(async () => {
    const started = await startWorld();
    world = started;
    assign(started);
  });
  after(async () => {
    await world?.emulator.stop();
  });
  beforeEach(() => world && resetEmulator(world));
}

/** Clean slate between tests: no request logged, no fault pending, every knob at its default. */
export function resetEmulator(world: E2eWorld): void {
  world.emulator.requests.clear();
  world.emulator.faults.clear();
  resetKnobs(world.emulator.state);
}

/** A ServicePrincipal connection of the demo application (spnKey unless the parameters say otherwise). */
export function spnConnection(world: E2eWorld, parameters: Record<string, string>): EndpointSpec {
  const { seed, emulator } = world;
  return {
    id: seed.azureDevOps.serviceConnectionId,
    scheme: 'ServicePrincipal',
    parameters: { serviceprincipalid: seed.application.clientId, tenantid: seed.tenant.id, ...parameters },
    data: { activeDirectoryAuthority: emulator.urls.authorityHost, environment: 'AzureCloud' },
  };
}

/** A ManagedServiceIdentity connection; `msiclientId` picks a user-assigned identity. */
export function msiConnection(world: E2eWorld, msiclientId?: string): EndpointSpec {
  return {
    id: world.seed.azureDevOps.serviceConnectionId,
    scheme: 'ManagedServiceIdentity',
    parameters: { tenantid: world.seed.tenant.id },
    data: msiclientId ? { environment: 'AzureCloud', msiclientId } : { environment: 'AzureCloud' },
  };
}

/** What an App Service host gives its processes: msal-node finds the managed identity endpoint through these. */
export function appServiceEnvironment(world: E2eWorld): Record<string, string> {
  return {
    IDENTITY_ENDPOINT: world.emulator.urls.appServiceIdentityEndpoint,
    IDENTITY_HEADER: world.seed.managedIdentity.identityHeader,
  };
}

/** Inputs of authType clientSecret / clientCertificate for the demo application, authority = the emulator. */
export function applicationInputs(world: E2eWorld, authType: 'clientSecret' | 'clientCertificate'): Record<string, string> {
  const { seed, emulator } = world;
  const common = { authType, tenantId: seed.tenant.id, clientId: seed.application.clientId, authorityHost: emulator.urls.authorityHost };
  return authType === 'clientSecret'
    ? { ...common, clientSecret: seed.application.secret }
    : { ...common, certificatePath: seed.application.certificatePemFile };
}

/** A GitHub Git credential the identity already holds in the workspace (as if stored by an earlier run). */
export function seedGitHubCredential(world: E2eWorld, owner: string): void {
  const { workspace } = world.emulator.state;
  const id = workspace.nextId();
  const personalAccessToken = world.seed.gitHubRepository.token;
  const credential = { id, owner, gitProvider: 'gitHub', isDefaultForProvider: true, personalAccessToken };
  workspace.gitCredentials.set(id.toString(), credential);
}

export interface TokenTraffic {
  /** Azure DevOps ID token requests */
  oidc: LoggedRequest[];
  /** Entra token endpoint requests */
  entra: LoggedRequest[];
  /** managed identity endpoint requests */
  msi: LoggedRequest[];
  /** OpenID metadata and instance discovery: the task never needs them */
  discovery: LoggedRequest[];
  databricks: LoggedRequest[];
}

/** The requests of the emulator's log, by kind. */
export function tokenTraffic(world: E2eWorld): TokenTraffic {
  const entries = world.emulator.requests.entries;
  return {
    oidc: entries.filter((entry) => entry.service === 'ado'),
    entra: entries.filter((entry) => entry.route.endsWith('/oauth2/v2.0/token') || entry.route.endsWith('/oauth2/token')),
    msi: entries.filter((entry) => entry.service === 'msi'),
    discovery: entries.filter((entry) => /\/\.well-known\/openid-configuration|\/discovery\/instance/.test(entry.path)),
    databricks: entries.filter((entry) => entry.path.startsWith('/api/')),
  };
}

/** A form field of a logged Entra request (secrets already redacted by the emulator). */
export function formField(entry: LoggedRequest, name: string): string | undefined {
  const value = isJsonObject(entry.body) ? entry.body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The scopes asked for, sorted: Entra's `scope` field, or a managed identity request's `resource` as a scope. */
export function requestedScopes(entries: readonly LoggedRequest[]): string[] {
  return entries
    .map((entry) => formField(entry, 'scope') ?? (entry.query['resource'] ? `${entry.query['resource']}/.default` : ''))
    .sort();
}

/** Holds the first request to `path` for a while, so that a request sent at the same time arrives while it is open. */
export function holdFirstRequest(world: E2eWorld, path: RegExp): void {
  world.emulator.faults.add({ path, delayMs: 300, times: 1 });
}

/** The two requests overlapped: the later one arrived while the earlier one was still open. */
export function assertConcurrent(requests: readonly LoggedRequest[]): void {
  assert.equal(requests.length, 2, 'two token requests');
  const [first, second] = [...requests].sort((a, b) => a.seq - b.seq);
  assert.ok(second.inFlightAtStart > 0, 'the second token request arrived while another request was open');
  assert.ok(second.startedAt < first.startedAt + first.durationMs, 'the second token request started before the first ended');
}

/** The run's one error line contains every pattern; the run failed and leaked nothing. */
export function assertFailedWith(world: E2eWorld, run: TaskRun, ...patterns: Array<string | RegExp>): string {
  assert.deepEqual(leaks(world, run), []);
  assert.equal(run.timedOut, false, 'the task exits by itself');
  assert.equal(run.agentResult, 'Failed');
  assert.equal(run.errors.length, 1, `one error line, got: ${JSON.stringify(run.errors)}`);
  assert.deepEqual(tokenTraffic(world).discovery, [], 'no OpenID metadata or instance discovery request');
  const [message] = run.errors;
  for (const pattern of patterns) {
    if (typeof pattern === 'string') assert.ok(message.includes(pattern), `error names ${pattern}: ${message}`);
    else assert.match(message, pattern);
  }
  return message;
}

/**
 * A successful sync at `repoPath` by `clientId`: Succeeded, no leak, outputs that match the emulator's Git folder,
 * every Databricks call made as that identity, and no discovery call anywhere.
 */
export function assertSynced(world: E2eWorld, run: TaskRun, repoPath: string, clientId: string): void {
  assert.deepEqual(leaks(world, run), []);
  assert.deepEqual(run.errors, []);
  assert.equal(run.agentResult, 'Succeeded');
  const folder = world.emulator.state.workspace.gitFolderAt(repoPath);
  assert.ok(folder, `a Git folder at ${repoPath}`);
  assert.equal(run.outputs.get('repoId')?.value, folder.id.toString());
  assert.equal(run.outputs.get('repoPath')?.value, repoPath);
  assert.equal(run.outputs.get('headCommitId')?.value, folder.headCommitId);
  assert.equal(run.outputs.get('branch')?.value, folder.branch ?? '');
  const traffic = tokenTraffic(world);
  assert.deepEqual(traffic.discovery, [], 'no OpenID metadata or instance discovery request');
  assert.ok(traffic.databricks.length > 0, 'Databricks was called');
  const answered = traffic.databricks.filter((entry) => entry.fault !== true);
  assert.deepEqual([...new Set(answered.map((entry) => entry.caller))], [clientId], 'every Databricks call as the identity');
}

export interface HttpDebugLine {
  method: string;
  path: string;
  status: string;
  ms: number;
  attempt: number;
}

const HTTP_DEBUG = /^HTTP (GET|POST|PUT|PATCH|DELETE) (\/\S*) -> (\S+) in (\d+) ms \(attempt (\d+)\)$/;

/** The run's debug lines about HTTP requests (those that start with "HTTP "), parsed; a line that does not parse fails. */
export function httpDebugLines(run: TaskRun): HttpDebugLine[] {
  return run.debugLines
    .filter((line) => line.startsWith('HTTP '))
    .map((line) => {
      const match = HTTP_DEBUG.exec(line);
      assert.ok(match, `HTTP debug line with method, path, status, ms and attempt: ${line}`);
      return { method: match[1], path: match[2], status: match[3], ms: Number(match[4]), attempt: Number(match[5]) };
    });
}
