// scripts/check-temp-dir.mjs: passes a command that leaves the temp directory as it found it, and fails naming what
// another command left behind or removed (each run gets a temp directory of its own).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'check-temp-dir.mjs');

/** Runs `node -e <code>` through the check, in a temp directory holding `existing`. */
function check(code: string, existing: string[] = []): { status: number | null; stderr: string } {
  const tempDir = makeTempFolder('check-temp-dir-spec-');
  try {
    for (const name of existing) fs.mkdirSync(path.join(tempDir, name));
    const env = { ...process.env, TMPDIR: tempDir, TMP: tempDir, TEMP: tempDir };
    const result = spawnSync(process.execPath, [SCRIPT, '--', process.execPath, '-e', code], { env, encoding: 'utf8', timeout: 20_000 });
    return { status: result.status, stderr: result.stderr };
  } finally {
    removeTempFolder(tempDir);
  }
}

// The child finds its temp directory through TMPDIR, set above with TMP and TEMP (where Node looks for it).
const IN_TEMP = "require('path').join(process.env.TMPDIR, ";

describe('scripts: check-temp-dir', function () {
  this.timeout(30_000);

  it('passes a command that removes what it made', () => {
    const result = check(`const d = ${IN_TEMP}'made-and-gone'); require('fs').mkdirSync(d); require('fs').rmdirSync(d);`, ['was-there']);
    assert.equal(result.status, 0, result.stderr);
  });

  it('fails naming what the command left behind', () => {
    const result = check(`require('fs').mkdirSync(${IN_TEMP}'left-behind-folder'));`);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /left behind: left-behind-folder/);
  });

  it('fails naming what the command removed that was not its own', () => {
    const result = check(`require('fs').rmdirSync(${IN_TEMP}'someone-elses'));`, ['someone-elses']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /removed: someone-elses/);
  });

  it("ends with the command's own exit code when the command fails", () => {
    assert.equal(check('process.exit(3)').status, 3);
  });
});
