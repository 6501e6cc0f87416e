// Keeps tempFolders.ts the one way in: no test, script or bench file reaches for the temp directory itself, where
// a folder would escape the clean-up that runs however the process ends.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCANNED = ['test', 'scripts', 'bench'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
// Files that may name the temp directory, and why.
const ALLOWED: Record<string, string> = {
  'test/support/tempFolders.ts': 'the one place that makes temp folders',
  'test/unit/testSupport/tempFolderCreators.spec.ts': 'this guard names the pattern',
  'scripts/check-temp-dir.mjs': 'lists the temp directory to compare it, makes nothing there',
  'scripts/render-editor-preview.mjs': 'run by hand (plain node, no tsx); removes its folder itself unless --keep',
};
const REACHES_TEMP = /\btmpdir\s*\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'tmp' ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

describe('test support: every temp folder is made through tempFolders.ts', () => {
  it('no other test, script or bench file calls os.tmpdir()', () => {
    const offenders = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
      .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
      .filter((file) => !(file in ALLOWED))
      .filter((file) => REACHES_TEMP.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(offenders, [], `use makeTempFolder() from test/support/tempFolders.ts in: ${offenders.join(', ')}`);
  });
});
