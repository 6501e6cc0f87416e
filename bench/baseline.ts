// Times bench/baseline.sh (the hand-written curl pipeline) against the same emulator and scenarios as the task.

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { E2eWorld } from '../test/e2e/support/fixture';
import type { LatencySamples, Sample, Scenario } from './stats';

const SCRIPT = path.join(__dirname, 'baseline.sh');
const BRANCH = 'main';
const STEADY_PATH = '/Repos/ci/baseline-steady';

export type BaselineSamples = Record<Scenario, LatencySamples>;

interface ScriptResult {
  durationMs: number;
  stdout: string;
}

function scriptEnvironment(world: E2eWorld, repoPath: string, repoId: string | undefined): Record<string, string> {
  const { emulator, seed } = world;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    EMULATOR_URL: emulator.url,
    CA_FILE: emulator.caFile,
    TENANT_ID: seed.tenant.id,
    CLIENT_ID: seed.application.clientId,
    CLIENT_SECRET: seed.application.secret,
    REPO_URL: seed.repository.url,
    REPO_PATH: repoPath,
    BRANCH,
  };
  if (repoId !== undefined) env['REPO_ID'] = repoId;
  return env;
}

function runScript(scenario: Scenario, env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', [SCRIPT, scenario], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const durationMs = performance.now() - started;
      if (code === 0) resolve({ durationMs, stdout });
      else reject(new Error(`baseline.sh ${scenario} exited ${String(code)}: ${stderr.trim().slice(-400)}`));
    });
  });
}

async function timedScript(world: E2eWorld, scenario: Scenario, repoPath: string, repoId?: string, expectedHead?: string): Promise<Sample & { repoId: string }> {
  world.emulator.requests.clear();
  const result = await runScript(scenario, scriptEnvironment(world, repoPath, repoId));
  const found = /repo_id=(\d+) head_commit_id=([0-9a-f]{40})/.exec(result.stdout);
  if (!found) throw new Error(`baseline.sh ${scenario} printed no repo id and commit: ${result.stdout.trim()}`);
  if (expectedHead !== undefined && found[2] !== expectedHead) throw new Error(`baseline.sh ${scenario} ended at ${found[2]}, not at ${expectedHead}`);
  return { durationMs: result.durationMs, requests: [...world.emulator.requests.entries], repoId: found[1] };
}

/** Untimed: creates the folder the steady-state runs update (the parent /Repos/ci exists after the task's runs). */
export async function prepareBaseline(world: E2eWorld): Promise<string> {
  world.emulator.setLatency(0);
  return (await timedScript(world, 'first', STEADY_PATH)).repoId;
}

/** Times both scenarios at every latency, like benchTask: a fresh path per first run, a new commit per steady run. */
export async function benchBaseline(
  world: E2eWorld,
  steadyRepoId: string,
  latencies: readonly number[],
  iterations: number,
  progress: (line: string) => void,
): Promise<BaselineSamples> {
  const samples: BaselineSamples = { first: new Map(), steady: new Map() };
  for (const latency of latencies) {
    world.emulator.setLatency(latency);
    const first: Sample[] = [];
    const steady: Sample[] = [];
    for (let index = 1; index <= iterations; index += 1) {
      first.push(await timedScript(world, 'first', `/Repos/ci/baseline-${latency}ms-${index}`));
      const moved = world.emulator.state.remotes.addCommit(world.seed.repository.url, BRANCH);
      steady.push(await timedScript(world, 'steady', STEADY_PATH, steadyRepoId, moved));
    }
    samples.first.set(latency, first);
    samples.steady.set(latency, steady);
    progress(`baseline.sh at ${latency} ms: ${iterations} first runs, ${iterations} steady-state runs`);
  }
  world.emulator.setLatency(0);
  return samples;
}
