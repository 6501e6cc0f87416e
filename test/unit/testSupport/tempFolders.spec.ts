// test/support/tempFolders.ts: folders are registered and removed by their owner, and whatever is left goes when the
// process ends, however it ends (child processes, each with its own temp directory, so the spec can look inside).

import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInOwnTemp } from '../../support/childInOwnTemp';
import { makeTempFolder, removeTempFolder, tempFoldersLeft } from '../../support/tempFolders';

const CHILD = path.join(__dirname, 'tempFoldersChild.ts');

interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** what was in the child's temp directory after it ended */
  leftInTemp: string[];
  /** folders in the order they were removed */
  removed: string[];
  folders: { plain: string; secret: string };
}

/** Starts the child with a temp directory of its own; `act` runs once it has printed its folders. */
async function runChild(ending: string, act: (child: ChildProcess) => void = () => undefined): Promise<ChildEnd> {
  const scratch = makeTempFolder('temp-folders-spec-');
  const tempDir = path.join(scratch, 'tmp');
  const removalLog = path.join(scratch, 'removed.log');
  try {
    fs.mkdirSync(tempDir);
    fs.writeFileSync(removalLog, '');
    const end = await runInOwnTemp(CHILD, [ending, removalLog], tempDir, { onFirstLine: act });
    const folders = JSON.parse(end.stdout.split('\n')[0]) as ChildEnd['folders'];
    const removed = fs.readFileSync(removalLog, 'utf8').split('\n').filter(Boolean);
    return { code: end.code, signal: end.signal, stdout: end.stdout, leftInTemp: end.tempAfter, removed, folders };
  } finally {
    removeTempFolder(scratch);
  }
}

describe('test support: tempFolders', function () {
  this.timeout(20_000);

  it('registers a folder until its owner removes it', () => {
    const folder = makeTempFolder('temp-folders-own-');
    assert.ok(fs.statSync(folder).isDirectory());
    assert.ok(tempFoldersLeft().includes(folder));
    removeTempFolder(folder);
    assert.ok(!fs.existsSync(folder));
    assert.ok(!tempFoldersLeft().includes(folder));
  });

  it('makes a folder under another parent when told', () => {
    const parent = makeTempFolder('temp-folders-parent-');
    const folder = makeTempFolder('inner-', { parent });
    assert.equal(path.dirname(folder), parent);
    removeTempFolder(folder);
    removeTempFolder(parent);
  });

  it('removes everything on process.exit(), the folder holding a secret first', async () => {
    const end = await runChild('exit');
    assert.equal(end.code, 3);
    assert.deepEqual(end.leftInTemp, []);
    assert.deepEqual(end.removed, [end.folders.secret, end.folders.plain]);
  });

  it('removes everything after an uncaught exception and after an unhandled rejection', async () => {
    for (const ending of ['throw', 'reject']) {
      const end = await runChild(ending);
      assert.equal(end.code, 1, ending);
      assert.deepEqual(end.leftInTemp, [], ending);
    }
  });

  it('removes everything on SIGINT and SIGTERM, and the signal still ends the process', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const end = await runChild('wait', (child) => child.kill(signal));
      assert.equal(end.signal, signal);
      assert.deepEqual(end.leftInTemp, [], signal);
      assert.equal(end.removed[0], end.folders.secret, signal);
    }
  });

  it('leaves the ending to a process that handles the signal itself', async () => {
    const end = await runChild('own-handler', (child) => child.kill('SIGINT'));
    assert.equal(end.signal, null);
    assert.equal(end.code, 0);
    assert.match(end.stdout, /handled/);
    assert.deepEqual(end.leftInTemp, []);
  });
});
