// test/emulator/cli.ts as a user runs it: --help, usage errors with exit code 2, and Ctrl+C/SIGTERM, after which
// nothing of the emulator is left in its temp directory (each run gets a temp directory of its own to look into).

import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInOwnTemp, type ChildEnd } from '../../support/childInOwnTemp';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'test', 'emulator', 'cli.ts');

interface CliEnd extends ChildEnd {
  /** what its temp directory held while it ran (after the first line of output) */
  tempWhileRunning: string[];
}

/** Runs the CLI; with `signal`, sends it once the CLI has printed its first line. */
async function runCli(args: string[], signal?: NodeJS.Signals): Promise<CliEnd> {
  const tempDir = makeTempFolder('emulator-cli-spec-');
  let tempWhileRunning: string[] = [];
  try {
    const onFirstLine = signal === undefined ? undefined : (child: ChildProcess): void => {
      tempWhileRunning = fs.readdirSync(tempDir);
      child.kill(signal);
    };
    const end = await runInOwnTemp(CLI, args, tempDir, { onFirstLine });
    return { ...end, tempWhileRunning };
  } finally {
    removeTempFolder(tempDir);
  }
}

describe('emulator: cli', function () {
  this.timeout(30_000);

  it('--help prints the usage with every flag and exits 0', async () => {
    const end = await runCli(['--help']);
    assert.equal(end.code, 0, end.stderr);
    for (const flag of ['--port', '--latency', '--no-seed', '--json', '--help']) assert.match(end.stdout, new RegExp(flag));
  });

  it('a usage error says what is wrong in its own words, prints the usage and exits 2', async () => {
    const end = await runCli(['--port', '70000']);
    assert.equal(end.code, 2);
    assert.match(end.stderr, /^emulator: --port must be an integer from 0 to 65535, not "70000"\n/);
    assert.match(end.stderr, /Usage: npm run emulator/);
    assert.doesNotMatch(end.stderr, /RangeError|ERR_SOCKET_BAD_PORT|\n\s+at /);
    assert.deepEqual(end.tempAfter, []);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} stops it, exits 0 and removes its CA file and the seed's certificate file`, async () => {
      const end = await runCli(['--json'], signal);
      const started = JSON.parse(end.stdout.split('\n')[0]) as { caFile: string; seed: { application: { certificatePemFile: string } } };
      assert.ok(end.tempWhileRunning.includes(path.basename(path.dirname(started.caFile))), end.tempWhileRunning.join(', '));
      assert.ok(end.tempWhileRunning.includes(path.basename(path.dirname(started.seed.application.certificatePemFile))));
      assert.equal(end.code, 0, end.stderr);
      assert.deepEqual(end.tempAfter, []);
    });
  }
});
