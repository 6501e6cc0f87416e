// Turns the bench's measurements into the results table (metric | measured | target | met?), the raw medians and the
// request waves, as Markdown for bench/results.md and the terminal.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { BaselineSamples } from './baseline';
import { describeWave, requestWaves } from './requestWaves';
import { effectiveRoundTrips, medianDuration, medianSample, type LatencySamples, type Scenario } from './stats';
import type { ColdStart, Sizes } from './startupAndSize';
import { SIGN_INS, SIGN_IN_NAMES, type SignIn, type TaskSamples } from './taskRuns';

export interface BenchResults {
  iterations: number;
  /** the non-zero latency, e.g. 200 */
  latencyMs: number;
  task: Record<SignIn, TaskSamples>;
  baseline: BaselineSamples;
  coldStart: ColdStart;
  sizes: Sizes;
  wallSeconds: number;
}

export interface Machine {
  date: string;
  cpus: string;
  cpuModel: string;
  node: string;
  platform: string;
}

interface Row {
  metric: string;
  measured: string;
  target: string;
  met: string;
}

export function machineInfo(): Machine {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const run = (command: string, args: string[], fallback: string): string => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim();
    } catch {
      return fallback;
    }
  };
  return {
    date: run('date', ['-u'], new Date().toUTCString()),
    cpus: run('nproc', [], String(os.availableParallelism())),
    cpuModel: model.trim(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(0)} KB`;
const one = (value: number): string => value.toFixed(1);
const verdict = (ok: boolean): string => (ok ? 'yes' : '**no**');

function roundTripRow(results: BenchResults, scenario: Scenario, label: string, limit: number): Row {
  const task = effectiveRoundTrips(results.task.wif[scenario], results.latencyMs);
  const secret = effectiveRoundTrips(results.task.secret[scenario], results.latencyMs);
  const baseline = effectiveRoundTrips(results.baseline[scenario], results.latencyMs);
  return {
    metric: `${label}: effective sequential round trips`,
    measured: `${one(task)} (client-secret connection ${one(secret)}; baseline.sh ${one(baseline)})`,
    target: `≤ ${limit}`,
    met: verdict(task <= limit),
  };
}

/** The largest peak RSS of all timed task runs, in bytes (NaN when no run reported one). */
function peakRssBytes(results: BenchResults): number {
  const runs = Object.values(results.task).flatMap((samples) => [...samples.first.values(), ...samples.steady.values()].flat());
  const measured = runs.flatMap((sample) => (sample.maxRssKb === undefined ? [] : [sample.maxRssKb * 1024]));
  return measured.length > 0 ? Math.max(...measured) : Number.NaN;
}

export function targetRows(results: BenchResults): Row[] {
  const { coldStart, sizes } = results;
  const ratio = coldStart.medianTaskMs / coldStart.medianNodeMs;
  const rss = peakRssBytes(results);
  return [
    roundTripRow(results, 'steady', 'Steady-state sync (branch moved)', 5),
    roundTripRow(results, 'first', 'First run (creates the Git folder)', 7),
    {
      metric: 'Cold start: median wall time, task failing on an invalid input',
      measured: `${coldStart.medianTaskMs.toFixed(0)} ms = ${ratio.toFixed(2)} × \`node -e 0\` (${coldStart.medianNodeMs.toFixed(0)} ms)`,
      target: '≤ 2 ×',
      met: verdict(ratio <= 2),
    },
    { metric: 'Peak memory of a run (max RSS over all timed runs)', measured: `${one(rss / 1e6)} MB`, target: '≤ 100 MB', met: verdict(rss <= 100e6) },
    { metric: 'Bundle (index.js)', measured: kb(sizes.bundleBytes), target: '—', met: '—' },
    { metric: 'Task folder in the .vsix, unzipped', measured: kb(sizes.taskFolderBytes), target: '≤ 1 MB', met: verdict(sizes.taskFolderBytes <= 1e6) },
    { metric: '.vsix file', measured: kb(sizes.vsixBytes), target: '≤ 400 KB', met: verdict(sizes.vsixBytes <= 400e3) },
  ];
}

/** A Markdown table with padded columns, readable as plain text too. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

export function resultsTable(results: BenchResults): string[] {
  return markdownTable(['metric', 'measured', 'target', 'met?'], targetRows(results).map((row) => [row.metric, row.measured, row.target, row.met]));
}

function rawRow(name: string, samples: LatencySamples, latency: number): string[] {
  const slow = medianSample(samples.get(latency));
  const waves = slow ? requestWaves(slow.requests) : [];
  return [
    name,
    medianDuration(samples.get(0)).toFixed(0),
    medianDuration(samples.get(latency)).toFixed(0),
    one(effectiveRoundTrips(samples, latency)),
    String(waves.length),
    String(slow?.requests.length ?? 0),
  ];
}

function rawTable(results: BenchResults): string[] {
  const { latencyMs: latency } = results;
  const rows = [
    ...SIGN_INS.flatMap((signIn) => [
      rawRow(`task, ${SIGN_IN_NAMES[signIn]}, first run`, results.task[signIn].first, latency),
      rawRow(`task, ${SIGN_IN_NAMES[signIn]}, steady state`, results.task[signIn].steady, latency),
    ]),
    rawRow('baseline.sh, first run', results.baseline.first, latency),
    rawRow('baseline.sh, steady state', results.baseline.steady, latency),
  ];
  const headers = ['run', 'median T0 (ms)', `median T${latency} (ms)`, 'effective round trips', 'waves in request log', 'requests'];
  return markdownTable(headers, rows);
}

/** Waves of the median steady-state run before the first Databricks REST request: what the sign-in costs in round trips. */
function signInRoundTrips(samples: LatencySamples, latency: number): number {
  const sample = medianSample(samples.get(latency));
  const waves = sample ? requestWaves(sample.requests) : [];
  const firstApi = waves.findIndex((wave) => wave.routes.some((route) => /^\w+ \/(git-credentials|workspace|repos|permissions)/.test(route)));
  return firstApi < 0 ? Number.NaN : firstApi;
}

/** Each sign-in beside the others: its own round trips before Databricks, and the whole steady-state sync. */
function signInTable(results: BenchResults): string[] {
  const { latencyMs: latency } = results;
  const rows = SIGN_INS.map((signIn) => [
    SIGN_IN_NAMES[signIn],
    String(signInRoundTrips(results.task[signIn].steady, latency)),
    one(effectiveRoundTrips(results.task[signIn].steady, latency)),
    one(effectiveRoundTrips(results.task[signIn].first, latency)),
  ]);
  return markdownTable(['sign-in', 'round trips before Databricks', 'steady state', 'first run'], rows);
}

function wavesSection(title: string, samples: LatencySamples, latency: number): string[] {
  const sample = medianSample(samples.get(latency));
  if (!sample) return [];
  const rows = requestWaves(sample.requests).map((wave, index) => [String(index + 1), `+${wave.startMs} ms`, describeWave(wave)]);
  return [`**${title}** (the median run at ${latency} ms):`, '', ...markdownTable(['wave', 'starts', 'requests in flight together'], rows), ''];
}

function details(results: BenchResults): string[] {
  const { coldStart, sizes, latencyMs: latency } = results;
  return [
    '## Sign-ins side by side',
    '',
    'Round trips before Databricks: waves of the median steady-state run (at ' + latency + ' ms) before the first Databricks ' +
      'REST request, i.e. the sign-in itself. Steady state and first run: effective sequential round trips of the whole run.',
    '',
    ...signInTable(results),
    '',
    '## Raw medians',
    '',
    ...rawTable(results),
    '',
    `Cold start over ${coldStart.taskMs.length} alternating runs: \`node -e 0\` median ${coldStart.medianNodeMs.toFixed(1)} ms, ` +
      `task median ${coldStart.medianTaskMs.toFixed(1)} ms.`,
    `Sizes: bundle ${sizes.bundleBytes} B; task folder ${sizes.taskFolderBytes} B (${sizes.taskFolderFiles.join(', ')}); .vsix ${sizes.vsixBytes} B.`,
    '',
    '## Which requests wait for which',
    '',
    ...wavesSection('Task, WIF connection, steady state', results.task.wif.steady, latency),
    ...wavesSection('Task, WIF connection, first run', results.task.wif.first, latency),
    ...wavesSection('Task, client-secret connection, steady state', results.task.secret.steady, latency),
    ...wavesSection('Task, Databricks workspace connection with federation, steady state', results.task.databricksFederation.steady, latency),
    ...wavesSection('Task, Databricks workspace connection with an OAuth secret, steady state', results.task.databricksOAuth.steady, latency),
    ...wavesSection('Task, Databricks workspace connection with a PAT, steady state', results.task.databricksPat.steady, latency),
    ...wavesSection('baseline.sh, steady state', results.baseline.steady, latency),
  ];
}

export function resultsMarkdown(results: BenchResults, machine: Machine): string {
  return [
    '<!-- Written by `npm run bench` (bench/bench.ts): the last bench results on this machine; see bench/README.md. -->',
    '# Bench results',
    '',
    `${machine.date} · ${machine.cpus} CPUs (${machine.cpuModel}) · Node ${machine.node} · ${machine.platform}`,
    '',
    `Written by \`npm run bench\` (${results.iterations} runs of each scenario at 0 and ${results.latencyMs} ms of emulator ` +
      `latency per request; whole bench ${results.wallSeconds.toFixed(0)} s). How to read it: [README.md](README.md).`,
    '',
    ...resultsTable(results),
    '',
    'KB and MB are 1000 and 10⁶ bytes. Round trips: (median T' + results.latencyMs + ' − median T0) / ' + results.latencyMs + ' ms.',
    '',
    ...details(results),
  ].join('\n');
}
