// Times the packaged task as the agent runs it (fixture's runSync) against the emulator: a first run that creates the
// Git folder and a steady-state sync after the branch moved, at each latency, with peak memory and the request log.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { findLeaks } from '../test/e2e/agent/masking';
import type { EndpointSpec, RunTaskOptions, TaskRun } from '../test/e2e/agent/agentRunner';
import { databricksSignIn, workspaceConnection, type WorkspaceScheme } from '../test/e2e/support/databricksConnection';
import { runSync, wifConnection, type E2eWorld } from '../test/e2e/support/fixture';
import type { LatencySamples, Sample, Scenario } from './stats';

/**
 * How the task signs in: the ARM WIF connection of the demo world, a client-secret one (as the baseline), or the
 * Databricks workspace connection with each of its schemes (federation, OAuth secret, PAT).
 */
export type SignIn = 'wif' | 'secret' | 'databricksFederation' | 'databricksOAuth' | 'databricksPat';

export const SIGN_INS: readonly SignIn[] = ['wif', 'secret', 'databricksFederation', 'databricksOAuth', 'databricksPat'];

/** How the tables name each sign-in. */
export const SIGN_IN_NAMES: Record<SignIn, string> = {
  wif: 'ARM connection, workload identity federation',
  secret: 'ARM connection, client secret',
  databricksFederation: 'Databricks workspace connection, federation',
  databricksOAuth: 'Databricks workspace connection, OAuth secret',
  databricksPat: 'Databricks workspace connection, PAT',
};

const WORKSPACE_SCHEMES: Partial<Record<SignIn, WorkspaceScheme>> = {
  databricksFederation: 'None',
  databricksOAuth: 'UsernamePassword',
  databricksPat: 'Token',
};

export interface TaskBenchOptions {
  world: E2eWorld;
  signIn: SignIn;
  latencies: readonly number[];
  iterations: number;
  /** scratch folder for the memory files */
  scratch: string;
}

export type TaskSamples = Record<Scenario, LatencySamples>;

const MAXRSS_WRAPPER = path.join(__dirname, 'maxrss.cjs');
const BRANCH = 'main';
let runCounter = 0;

function endpointFor(world: E2eWorld, signIn: SignIn): EndpointSpec {
  if (signIn === 'wif') return wifConnection(world);
  const { application, tenant } = world.seed;
  return wifConnection(world, {
    scheme: 'ServicePrincipal',
    parameters: { serviceprincipalid: application.clientId, tenantid: tenant.id, authenticationType: 'spnKey', serviceprincipalkey: application.secret },
  });
}

/** The run's options for a sign-in; a Databricks-native one syncs the GitHub remote with a PAT as its Git credential. */
function signInOptions(world: E2eWorld, signIn: SignIn, repoPath: string): Partial<RunTaskOptions> {
  const scheme = WORKSPACE_SCHEMES[signIn];
  if (scheme === undefined) return { inputs: { repoPath }, endpoints: [endpointFor(world, signIn)] };
  return databricksSignIn(world, workspaceConnection(world, scheme), { repoPath });
}

/** The remote a sign-in's runs clone: the Azure DevOps one, or for a Databricks-native sign-in the GitHub one. */
export function remoteOf(world: E2eWorld, signIn: SignIn): string {
  return WORKSPACE_SCHEMES[signIn] === undefined ? world.seed.repository.url : world.seed.gitHubRepository.url;
}

function readMaxRss(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const values = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  return values.length > 0 ? Math.max(...values) : undefined;
}

function checkRun(world: E2eWorld, run: TaskRun, what: string, expectedHead: string | undefined): void {
  if (run.agentResult !== 'Succeeded') {
    throw new Error(`${what}: the task ended ${run.agentResult}: ${run.errors.join(' | ') || run.maskedLog.slice(-500)}`);
  }
  const head = run.outputs.get('headCommitId')?.value;
  if (expectedHead !== undefined && head !== expectedHead) throw new Error(`${what}: ended at ${head}, not at ${expectedHead}`);
  const leaked = findLeaks(run, world.emulator.issuedSecrets());
  if (leaked.length > 0) throw new Error(`${what}: ${leaked.length} secret(s) unmasked in the log`);
}

/** One run of the packaged task at the emulator's current latency. */
export async function timedTaskRun(options: TaskBenchOptions, repoPath: string, what: string, expectedHead?: string): Promise<Sample> {
  const { world, signIn, scratch } = options;
  runCounter += 1;
  const rssFile = path.join(scratch, `maxrss-${process.pid}-${runCounter}.txt`);
  world.emulator.requests.clear();
  const run = await runSync(world, {
    ...signInOptions(world, signIn, repoPath),
    extraEnvironment: { NODE_OPTIONS: `--require ${JSON.stringify(MAXRSS_WRAPPER)}`, BENCH_MAXRSS_FILE: rssFile },
  });
  checkRun(world, run, what, expectedHead);
  const maxRssKb = readMaxRss(rssFile);
  fs.rmSync(rssFile, { force: true });
  return { durationMs: run.durationMs, maxRssKb, requests: [...world.emulator.requests.entries] };
}

function steadyPath(signIn: SignIn): string {
  return `/Repos/ci/bench-${signIn}-steady`;
}

/** Untimed: warms the disk cache and creates the folder the steady-state runs update. */
export async function prepareTaskBench(options: TaskBenchOptions): Promise<void> {
  options.world.emulator.setLatency(0);
  await timedTaskRun(options, steadyPath(options.signIn), 'warm-up run');
}

/** Times both scenarios at every latency; each first run gets a fresh path, each steady run a moved branch. */
export async function benchTask(options: TaskBenchOptions, progress: (line: string) => void): Promise<TaskSamples> {
  const { world, signIn, latencies, iterations } = options;
  const samples: TaskSamples = { first: new Map(), steady: new Map() };
  for (const latency of latencies) {
    world.emulator.setLatency(latency);
    const first: Sample[] = [];
    const steady: Sample[] = [];
    for (let index = 1; index <= iterations; index += 1) {
      first.push(await timedTaskRun(options, `/Repos/ci/bench-${signIn}-${latency}ms-${index}`, `first run ${index} at ${latency} ms`));
      const moved = world.emulator.state.remotes.addCommit(remoteOf(world, signIn), BRANCH);
      steady.push(await timedTaskRun(options, steadyPath(signIn), `steady-state run ${index} at ${latency} ms`, moved));
    }
    samples.first.set(latency, first);
    samples.steady.set(latency, steady);
    progress(`task (${signIn}) at ${latency} ms: ${iterations} first runs, ${iterations} steady-state runs`);
  }
  world.emulator.setLatency(0);
  return samples;
}
