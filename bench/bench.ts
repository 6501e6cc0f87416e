// `npm run bench`: round trips of the packaged task and of a hand-written curl baseline against the emulator at 0 and
// 200 ms per request, cold start, peak memory and package sizes; prints the table and writes bench/results.md.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startWorld, type E2eWorld } from '../test/e2e/support/fixture';
import { testPackage } from '../test/e2e/support/testPackage';
import { makeTempFolder, removeTempFolder } from '../test/support/tempFolders';
import { benchBaseline, prepareBaseline, type BaselineSamples } from './baseline';
import { machineInfo, resultsMarkdown, resultsTable, type BenchResults } from './report';
import { measureColdStart, measureSizes } from './startupAndSize';
import { SIGN_INS, benchTask, prepareTaskBench, type SignIn, type TaskSamples } from './taskRuns';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'build', 'stage', 'DatabricksRepoSyncV1', 'index.js');
const RESULTS = path.join(__dirname, 'results.md');
const LATENCY_MS = 200;
/** BENCH_ITERATIONS overrides the number of timed runs per scenario and latency */
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 7);
const COLD_START_RUNS = 15;

function progress(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

function checkTools(): void {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${path.relative(ROOT, BUNDLE)} is missing: run npm run package:test (npm run bench does)`);
  if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) throw new Error('BENCH_ITERATIONS must be a positive integer');
  const onPath = (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, 'curl')));
  if (!onPath) throw new Error('curl is not on PATH; the baseline needs it (Debian: apt-get install -y curl)');
}

async function benchTasks(world: E2eWorld, scratch: string): Promise<Record<SignIn, TaskSamples>> {
  const benchSignIn = async (signIn: SignIn): Promise<TaskSamples> => {
    const options = { world, signIn, latencies: [0, LATENCY_MS], iterations: ITERATIONS, scratch };
    await prepareTaskBench(options);
    return benchTask(options, progress);
  };
  const samples: Partial<Record<SignIn, TaskSamples>> = {};
  for (const signIn of SIGN_INS) samples[signIn] = await benchSignIn(signIn);
  return samples as Record<SignIn, TaskSamples>;
}

async function benchAgainstEmulator(scratch: string): Promise<{ task: Record<SignIn, TaskSamples>; baseline: BaselineSamples }> {
  const world = await startWorld();
  try {
    const task = await benchTasks(world, scratch);
    const steadyRepoId = await prepareBaseline(world);
    const baseline = await benchBaseline(world, steadyRepoId, [0, LATENCY_MS], ITERATIONS, progress);
    return { task, baseline };
  } finally {
    await world.emulator.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  checkTools();
  const vsix = testPackage();
  const scratchRoot = path.join(__dirname, 'tmp');
  fs.mkdirSync(scratchRoot, { recursive: true });
  // inside the repository (bench/tmp/ is ignored), but registered so that Ctrl+C removes it as well
  const scratch = makeTempFolder('run-', { parent: scratchRoot });
  try {
    process.stderr.write(`bench: ${ITERATIONS} runs per scenario and latency (0 and ${LATENCY_MS} ms); a minute or two\n`);
    const sizes = measureSizes(BUNDLE, vsix);
    const coldStart = await measureColdStart(BUNDLE, COLD_START_RUNS, scratch);
    progress(`cold start: ${COLD_START_RUNS} runs of node -e 0 and of the task`);
    const { task, baseline } = await benchAgainstEmulator(scratch);
    const wallSeconds = (performance.now() - started) / 1000;
    const results: BenchResults = { iterations: ITERATIONS, latencyMs: LATENCY_MS, task, baseline, coldStart, sizes, wallSeconds };
    fs.writeFileSync(RESULTS, `${resultsMarkdown(results, machineInfo())}\n`);
    process.stdout.write(`\n${resultsTable(results).join('\n')}\n\nFull results: ${path.relative(process.cwd(), RESULTS)} (${wallSeconds.toFixed(0)} s)\n`);
  } finally {
    removeTempFolder(scratch);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
