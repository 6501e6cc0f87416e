// Keeps tempFolders.ts the one way in: no test, script or bench file reaches for the temp directory itself, where
// a folder would escape the clean-up that runs however the process ends.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sourceFilesUnder } from '../../support/sourceFiles';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCANNED = ['test', 'scripts', 'bench'];
// Files that may name the temp directory, and why.
const ALLOWED: Record<string, string> = {
  'test/support/tempFolders.ts': 'the one place that makes temp folders',
  'test/unit/testSupport/tempFolderCreators.spec.ts': 'this guard names the pattern',
  'scripts/check-temp-dir.mjs': 'lists the temp directory to compare it, makes nothing there',
  'scripts/render-editor-preview.mjs': 'run by hand (plain node, no tsx); removes its folder itself unless --keep',
};
const REACHES_TEMP = /\btmpdir\s*\(/;

describe('test support: every temp folder is made through tempFolders.ts', () => {
  it('no other test, script or bench file calls os.tmpdir()', () => {
    const offenders = SCANNED.flatMap((dir) => sourceFilesUnder(path.join(ROOT, dir)))
      .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
      .filter((file) => !(file in ALLOWED))
      .filter((file) => REACHES_TEMP.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(offenders, [], `use makeTempFolder() from test/support/tempFolders.ts in: ${offenders.join(', ')}`);
  });
});
