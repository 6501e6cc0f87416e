// A TypeScript file run by tsx in a child process whose temp directory (TMPDIR, TMP, TEMP) is a folder the spec
// chose, so the spec can look at what the child left there. Killed if it has not ended in time, so no test leaves
// it running, also when the test fails.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'test', 'support', 'tsxWithoutDiskCache.mjs');

export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** what the temp directory held once the child had ended */
  tempAfter: string[];
}

export interface ChildOptions {
  /** runs once, when the child has printed its first line (e.g. to send it a signal) */
  onFirstLine?: (child: ChildProcess) => void;
  /** default 20 s */
  killAfterMs?: number;
}

export function runInOwnTemp(script: string, args: string[], tempDir: string, options: ChildOptions = {}): Promise<ChildEnd> {
  const child = spawn(process.execPath, ['--import', TSX, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tempDir, TMP: tempDir, TEMP: tempDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const first = !stdout.includes('\n');
    stdout += chunk;
    if (first && stdout.includes('\n')) options.onFirstLine?.(child);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, tempAfter: fs.readdirSync(tempDir) });
    });
  });
}
