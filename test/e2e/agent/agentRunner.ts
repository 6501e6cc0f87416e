// Runs a task folder the way the agent's Node handler does: a fresh job folder, the agent's environment, `node <target>`
// in System.DefaultWorkingDirectory; then reads the output as the agent would (results, variables, masking).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';
import { buildAgentEnvironment, readSettableVariables, readTaskInputs, type EndpointSpec } from './agentEnvironment';
import type { AgentDirectories, ProxySpec, VariableValues } from './pipelineVariables';
import { interpretOutput, LineSplitter, readSummary, type OutputLine, type TaskOutput } from './taskOutput';
import { taskEntry } from './vsix';

export type { EndpointSpec } from './agentEnvironment';
export type { Attachment, OutputLine, OutputVariable } from './taskOutput';

export interface RunTaskOptions {
  /** folder holding task.json and the bundle (extractTask's result) */
  taskFolder: string;
  /** step inputs by task.json name; every input not given gets its task.json default */
  inputs?: Record<string, string>;
  endpoints?: EndpointSpec[];
  /** public pipeline variables (e.g. `Build.SourceBranch`); `null` removes an emulator default */
  variables?: VariableValues;
  secretVariables?: Record<string, string>;
  /** System.Debug */
  systemDebug?: boolean;
  /** CA file for NODE_EXTRA_CA_CERTS, e.g. the emulator's self-signed certificate */
  caFile?: string;
  /** working directory; default System.DefaultWorkingDirectory (the job's sources folder), as the agent does */
  cwd?: string;
  /** the process is killed after this long; default 60 s */
  timeoutMs?: number;
  /** the job's OAuth token (SystemVssConnection AccessToken); random when not given */
  systemAccessToken?: string;
  /** the agent's proxy, given as Agent.ProxyUrl/ProxyUsername/ProxyBypassList and the secret Agent.ProxyPassword */
  proxy?: ProxySpec;
  /** keep the job folder (temp, sources) after the run instead of removing it (it still goes when the process ends) */
  keepJobFolder?: boolean;
  /** the agent host's own environment variables the task inherits (e.g. managed identity endpoints) */
  extraEnvironment?: Record<string, string>;
}

export interface TaskRun extends Omit<TaskOutput, 'maskedLines' | 'summaryFile'> {
  /** what the pipeline shows: Failed when the process exited non-zero or timed out, else `result`, else Succeeded */
  agentResult: NonNullable<TaskOutput['result']>;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** markdown of the file given to task.uploadsummary, if any */
  summaryMarkdown: string | undefined;
  rawStdout: string;
  rawStderr: string;
  /** every line of both streams in arrival order, masked as the agent masks the log */
  maskedLog: string;
  /** every line in arrival order, unmasked */
  lines: OutputLine[];
  durationMs: number;
  /** values the agent masked from the start (secret variables, masked endpoint parameters, the system token) */
  knownSecrets: string[];
  systemAccessToken: string;
  /** inputs as the task received them (defaults merged, macros expanded) */
  inputs: Record<string, string>;
  /** the task process's whole environment (holds secrets: for assertions only) */
  env: Record<string, string>;
  jobFolder: string;
  systemDebug: boolean;
  taskFolder: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function createJobFolders(): AgentDirectories {
  // task-lib writes its vault key (.taskkey) into the sources folder, the working directory
  const work = makeTempFolder('repo-sync-agent-', { holdsSecrets: true });
  const dirs: AgentDirectories = {
    work,
    temp: path.join(work, '_temp'),
    sources: path.join(work, 's'),
    artifacts: path.join(work, 'a'),
  };
  for (const dir of [dirs.temp, dirs.sources, dirs.artifacts]) fs.mkdirSync(dir, { recursive: true });
  return dirs;
}

interface ProcessResult {
  lines: OutputLine[];
  rawStdout: string;
  rawStderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/** Runs `node <entry>` and records both streams line by line in the order they arrive, as the agent reads them. */
function runNode(entry: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const result: ProcessResult = { lines: [], rawStdout: '', rawStderr: '', exitCode: null, signal: null, timedOut: false };
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
    const collect = (stream: 'stdout' | 'stderr', chunk: string): void => {
      if (stream === 'stdout') result.rawStdout += chunk;
      else result.rawStderr += chunk;
      for (const text of splitters[stream].push(chunk)) result.lines.push({ stream, text });
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => collect('stdout', chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => collect('stderr', chunk));
    const timer = setTimeout(() => {
      result.timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close' (not 'exit') so that both streams are fully read.
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      for (const stream of ['stdout', 'stderr'] as const) {
        for (const text of splitters[stream].end()) result.lines.push({ stream, text });
      }
      resolve({ ...result, exitCode, signal });
    });
  });
}

/** Runs the task once as the agent would and returns what the pipeline would know about the run. */
export async function runTask(options: RunTaskOptions): Promise<TaskRun> {
  const entry = taskEntry(options.taskFolder);
  const dirs = createJobFolders();
  try {
    const agentEnv = buildAgentEnvironment({ ...options, dirs, taskInputs: readTaskInputs(options.taskFolder) });
    const cwd = options.cwd ?? dirs.sources;
    const started = performance.now();
    const processResult = await runNode(entry, cwd, agentEnv.env, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const durationMs = performance.now() - started;
    const output = interpretOutput(processResult.lines, {
      knownSecrets: agentEnv.knownSecrets,
      workingDirectory: cwd,
      settableVariables: readSettableVariables(options.taskFolder),
    });
    const { maskedLines, summaryFile, ...parsed } = output;
    const failedProcess = processResult.timedOut || processResult.exitCode !== 0;
    return {
      ...parsed,
      agentResult: failedProcess ? 'Failed' : (output.result ?? 'Succeeded'),
      exitCode: processResult.exitCode,
      signal: processResult.signal,
      timedOut: processResult.timedOut,
      summaryMarkdown: readSummary(summaryFile),
      rawStdout: processResult.rawStdout,
      rawStderr: processResult.rawStderr,
      maskedLog: maskedLines.join('\n'),
      lines: processResult.lines,
      durationMs,
      knownSecrets: agentEnv.knownSecrets,
      systemAccessToken: agentEnv.systemAccessToken,
      inputs: agentEnv.inputs,
      env: agentEnv.env,
      jobFolder: dirs.work,
      systemDebug: options.systemDebug ?? false,
      taskFolder: options.taskFolder,
    };
  } finally {
    if (!options.keepJobFolder) removeTempFolder(dirs.work);
  }
}
