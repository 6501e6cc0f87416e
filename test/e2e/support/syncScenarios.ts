// Helpers of the sync scenario specs (Git folder, Git credential, faults, errors, concurrency, outputs, proxy):
// a unique workspace path per test, a run that records the emulator requests it caused and checks it leaked nothing,
// seeding of folders and credentials, and readers for outputs, request bodies and the one error line.

import assert from 'node:assert/strict';
import { resetKnobs, type GitCredential, type GitFolder, type GitFolderDefinition, type LoggedRequest } from '../../emulator';
import type { JsonValue } from '../../emulator/json';
import { neutralise } from '../../../tasks/DatabricksRepoSyncV1/src/log';
import type { RunTaskOptions, TaskRun } from '../agent/agentRunner';
import { leaks, pipelineVariables, runSync, startWorld, type E2eWorld } from './fixture';

export type { E2eWorld } from './fixture';

/**
 * The suite hooks every scenario file shares: one emulator world for the file, faults cleared and knobs reset after
 * each test, and at the end the check that the deprecated repos listing was never called.
 */
export function useWorld(assign: (world: E2eWorld) => void): void {
  let world: E2eWorld | undefined;
  before(async () => {
    const started = await startWorld();
    world = started;
    assign(started);
  });
  afterEach(() => {
    if (world === undefined) return;
    world.emulator.faults.clear();
    // A test that turned a knob and failed before turning it back must not change the tests after it.
    resetKnobs(world.emulator.state);
  });
  after(async () => {
    if (world === undefined) return;
    assert.deepEqual(world.emulator.requests.deprecatedCalls(), [], 'GET /api/2.0/repos was called');
    await world.emulator.stop();
  });
}

let pathCounter = 0;

/** `/Repos/<label>-<n>/demo-repo`: a Git folder path no other test uses, in a parent folder that does not exist yet. */
export function uniqueRepoPath(label: string): string {
  pathCounter += 1;
  return `/Repos/${label}-${pathCounter}/demo-repo`;
}

/** The parent folder of a workspace path. */
export function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/** Options of one run; `variables` are merged over the demo pipeline's (runSync alone would replace them all). */
export type SyncOptions = Partial<Omit<RunTaskOptions, 'variables'>> & { variables?: Record<string, string | null> };

/** A finished run with the requests the emulator logged while it ran, and its output values by name. */
export interface SyncRecord {
  run: TaskRun;
  requests: LoggedRequest[];
  outputs: Record<string, string>;
}

function lastSeq(world: E2eWorld): number {
  const entries = world.emulator.requests.entries;
  return entries.length === 0 ? 0 : entries[entries.length - 1].seq;
}

function launch(world: E2eWorld, options: SyncOptions): Promise<TaskRun> {
  return runSync(world, { ...options, variables: pipelineVariables(world, options.variables ?? {}) });
}

/** The checks every run gets: no issued secret in the log, no call of the deprecated repos listing. */
function checkRun(world: E2eWorld, run: TaskRun, requests: LoggedRequest[]): void {
  assert.deepEqual(leaks(world, run), [], 'a token or secret reached the log unmasked');
  assert.deepEqual(requests.filter((entry) => entry.deprecated === true).map((entry) => entry.route), []);
}

/** Runs the packaged task once and returns what it did, as the pipeline and the emulator saw it. */
export async function sync(world: E2eWorld, options: SyncOptions = {}): Promise<SyncRecord> {
  const mark = lastSeq(world);
  const run = await launch(world, options);
  const requests = world.emulator.requests.entries.filter((entry) => entry.seq > mark);
  checkRun(world, run, requests);
  return { run, requests, outputs: outputValues(run) };
}

/** Starts several runs at the same moment; every record holds all requests of the shared window. */
export async function syncTogether(world: E2eWorld, options: SyncOptions[]): Promise<SyncRecord[]> {
  const mark = lastSeq(world);
  const runs = await Promise.all(options.map((one) => launch(world, one)));
  const requests = world.emulator.requests.entries.filter((entry) => entry.seq > mark);
  for (const run of runs) checkRun(world, run, requests);
  return runs.map((run) => ({ run, requests, outputs: outputValues(run) }));
}

export function outputValues(run: TaskRun): Record<string, string> {
  return Object.fromEntries([...run.outputs].map(([name, variable]) => [name, variable.value]));
}

/**
 * A run's log for an assertion message, each line neutralised as the task neutralises outside text, so that a failing
 * test printed by a CI agent cannot set variables or results of the pipeline that runs the tests.
 */
export function shown(log: string | readonly string[]): string {
  const text = typeof log === 'string' ? log : log.join('\n');
  return text.split('\n').map(neutralise).join('\n');
}

/** Fails with the whole masked log when the run did not end Succeeded. */
export function assertSucceeded(record: SyncRecord): void {
  assert.equal(record.run.agentResult, 'Succeeded', shown(record.run.maskedLog));
  assert.deepEqual(record.run.errors, []);
}

/** The run failed with exactly one error line; returns it. */
export function oneError(record: SyncRecord): string {
  assert.equal(record.run.agentResult, 'Failed', shown(record.run.maskedLog));
  assert.equal(record.run.errors.length, 1, shown(record.run.errors));
  const [error] = record.run.errors;
  assert.doesNotMatch(error, /[\r\n]/, 'the error is one line');
  return error;
}

/** Databricks requests only (no token or OIDC requests). */
export function databricks(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter((entry) => entry.service === 'databricks');
}

/** Route labels of the Databricks requests, in arrival order. */
export function routes(requests: readonly LoggedRequest[]): string[] {
  return databricks(requests).map((entry) => entry.route);
}

/** Databricks requests that could change something (anything but GET). */
export function writes(requests: readonly LoggedRequest[]): string[] {
  return databricks(requests)
    .filter((entry) => entry.method !== 'GET')
    .map((entry) => entry.route);
}

export function byRoute(requests: readonly LoggedRequest[], route: string): LoggedRequest[] {
  return requests.filter((entry) => entry.route === route);
}

/** Statuses a route answered, in order (0 = connection reset). */
export function statuses(requests: readonly LoggedRequest[], route: string): number[] {
  return byRoute(requests, route).map((entry) => entry.status);
}

/** The body of the one request to a route (fails when there is not exactly one). */
export function onlyBody(requests: readonly LoggedRequest[], route: string): JsonValue | undefined {
  const matching = byRoute(requests, route);
  assert.equal(matching.length, 1, `expected one ${route}, got ${matching.length}`);
  return matching[0].body;
}

export const ROUTES = {
  listCredentials: 'GET /api/2.0/git-credentials',
  createCredential: 'POST /api/2.0/git-credentials',
  updateCredential: 'PATCH /api/2.0/git-credentials/{id}',
  getStatus: 'GET /api/2.0/workspace/get-status',
  mkdirs: 'POST /api/2.0/workspace/mkdirs',
  createRepo: 'POST /api/2.0/repos',
  getRepo: 'GET /api/2.0/repos/{id}',
  updateRepo: 'PATCH /api/2.0/repos/{id}',
  deleteRepo: 'DELETE /api/2.0/repos/{id}',
  getPermissions: 'GET /api/2.0/permissions/repos/{id}',
  mergePermissions: 'PATCH /api/2.0/permissions/repos/{id}',
  replacePermissions: 'PUT /api/2.0/permissions/repos/{id}',
  token: 'POST /{tenant}/oauth2/v2.0/token',
} as const;

/** The demo Azure DevOps repository's URL, as the task sends it (user info stripped). */
export function adoUrl(world: E2eWorld): string {
  return world.seed.repository.url;
}

/** Head of a branch of the demo Azure DevOps remote, now. */
export function remoteHead(world: E2eWorld, branch: string): string {
  const head = world.emulator.state.remotes.repository(adoUrl(world)).branches.get(branch);
  assert.ok(head, `no branch ${branch} in the remote`);
  return head;
}

export function folderAt(world: E2eWorld, path: string): GitFolder | undefined {
  return world.emulator.state.workspace.gitFolderAt(path);
}

/** Seeds a Git folder of the demo Azure DevOps repository (main, at its head) unless the definition says otherwise. */
export function seedFolder(world: E2eWorld, path: string, definition: Partial<GitFolderDefinition> = {}): GitFolder {
  return world.emulator.state.workspace.addGitFolder({ path, url: adoUrl(world), provider: 'azureDevOpsServices', ...definition });
}

/** The demo service principal's Git credentials in the emulator. */
export function credentialsOf(world: E2eWorld): GitCredential[] {
  return world.emulator.state.workspace.credentialsOf(world.seed.application.clientId);
}

/** The id of the demo service principal's credential for a provider, as the task sends it (a decimal string). */
export function credentialIdFor(world: E2eWorld, gitProvider: string): string {
  const credential = credentialsOf(world).find((candidate) => candidate.gitProvider === gitProvider);
  assert.ok(credential, `the identity holds a ${gitProvider} credential`);
  return credential.id.toString();
}

export function removeCredentials(world: E2eWorld): void {
  for (const credential of credentialsOf(world)) {
    world.emulator.state.workspace.gitCredentials.delete(credential.id.toString());
  }
}

/** Stores a credential for the demo service principal directly, as if an earlier run had created it. */
export function seedCredential(world: E2eWorld, gitProvider: string, personalAccessToken?: string): GitCredential {
  const { workspace } = world.emulator.state;
  const credential: GitCredential = {
    id: workspace.nextId(),
    owner: world.seed.application.clientId,
    gitProvider,
    isDefaultForProvider: true,
    personalAccessToken,
  };
  workspace.gitCredentials.set(credential.id.toString(), credential);
  return credential;
}

/** A string claim of a token the emulator issued; undefined when the token is not live. */
export function liveTokenClaim(world: E2eWorld, token: string, claim: string): string | undefined {
  const check = world.emulator.state.tokens.check(token);
  if (!check.valid) return undefined;
  const value = check.issued.claims[claim];
  return typeof value === 'string' ? value : undefined;
}

/** Log lines (not commands) matching a pattern. */
export function logLinesMatching(record: SyncRecord, pattern: RegExp): string[] {
  return record.run.logLines.filter((line) => pattern.test(line));
}
