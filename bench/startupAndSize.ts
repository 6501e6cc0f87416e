// Cold start (the packaged bundle failing on an invalid input vs a bare `node -e 0`) and the sizes of what ships:
// the bundle, the task folder inside the .vsix (unzipped) and the .vsix itself.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readZip } from '../test/e2e/agent/vsix';
import { median } from './stats';

export interface ColdStart {
  nodeMs: number[];
  taskMs: number[];
  medianNodeMs: number;
  medianTaskMs: number;
}

export interface Sizes {
  bundleBytes: number;
  taskFolderBytes: number;
  taskFolderFiles: string[];
  vsixBytes: number;
}

interface ProcessEnd {
  durationMs: number;
  code: number | null;
  stdout: string;
}

function timedNode(args: readonly string[], env: Record<string, string>, cwd: string): Promise<ProcessEnd> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ durationMs: performance.now() - started, code, stdout }));
  });
}

/**
 * Alternates `node -e 0` and `node <bundle>` with INPUT_DATABRICKSHOST=http://x (the task fails on its inputs before any
 * request) `iterations` times, in a scratch working directory (task-lib writes its .taskkey there).
 */
export async function measureColdStart(bundle: string, iterations: number, scratch: string): Promise<ColdStart> {
  const cwd = fs.mkdtempSync(path.join(scratch, 'cold-'));
  const env = { PATH: process.env['PATH'] ?? '', INPUT_DATABRICKSHOST: 'http://x' };
  const nodeMs: number[] = [];
  const taskMs: number[] = [];
  try {
    for (let index = 0; index < iterations; index += 1) {
      nodeMs.push((await timedNode(['-e', '0'], env, cwd)).durationMs);
      const task = await timedNode([bundle], env, cwd);
      // task-lib reports the result as a logging command; the exit code stays 0
      if (!task.stdout.includes('task.complete result=Failed') || !task.stdout.includes('databricksHost')) {
        throw new Error(`cold start: expected the task to fail on its databricksHost input, got: ${task.stdout.slice(0, 300)}`);
      }
      taskMs.push(task.durationMs);
    }
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
  return { nodeMs, taskMs, medianNodeMs: median(nodeMs), medianTaskMs: median(taskMs) };
}

/** Sizes in bytes; the task folder is the sum of the .vsix entries under `…/<taskFolder>/`, uncompressed. */
export function measureSizes(bundle: string, vsix: string, taskFolder = 'DatabricksRepoSyncV1'): Sizes {
  const entries = readZip(fs.readFileSync(vsix)).filter((entry) => entry.name.replace(/\\/g, '/').split('/').includes(taskFolder));
  if (entries.length === 0) throw new Error(`${vsix} holds no ${taskFolder} folder`);
  return {
    bundleBytes: fs.statSync(bundle).size,
    taskFolderBytes: entries.reduce((sum, entry) => sum + entry.data.length, 0),
    taskFolderFiles: entries.map((entry) => `${entry.name} (${entry.data.length} B)`),
    vsixBytes: fs.statSync(vsix).size,
  };
}
