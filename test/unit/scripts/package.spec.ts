// scripts/package.mjs: refuses a tfx option left without its value before it touches anything, and with --into
// packages into a folder under build/ without touching dist/, where the user's own .vsix lives.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readZip } from '../../e2e/agent/vsix';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'package.mjs');
const DIST = path.join(ROOT, 'dist');
const STAGED_BUNDLE = path.join(ROOT, 'build', 'stage', 'DatabricksRepoSyncV1', 'index.js');

interface PackageArguments {
  readPackageArguments(argv: string[], root: string): { into: string; tfxArguments: string[] };
}

function runPackage(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

/** Names, sizes and modification times of what is in dist/ (undefined when there is no dist/). */
function distSnapshot(): string[] | undefined {
  if (!fs.existsSync(DIST)) return undefined;
  return fs.readdirSync(DIST).map((name) => {
    const stat = fs.statSync(path.join(DIST, name));
    return `${name} ${stat.size} ${stat.mtimeMs}`;
  });
}

describe('scripts: package', function () {
  this.timeout(60_000);

  const refused: [string[], RegExp][] = [
    [['--publisher'], /--publisher needs a value/],
    [['--publisher', '--bypass-validation'], /--publisher needs a value/],
    [['--publisher='], /--publisher needs a value/],
    [['--publisher', ''], /--publisher needs a value/],
    [['--bypass-validation', '--extension-id'], /--extension-id needs a value/],
    [['--overrides-file', '--publisher', 'x'], /--overrides-file needs a value/],
    [['--output-path', 'elsewhere'], /--output-path is set by this script/],
    [['--into'], /--into needs a value/],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${JSON.stringify(args.join(' '))} with exit code 2, before touching anything`, () => {
      // Should the check break, the package goes into a throwaway folder, not over the user's dist/.
      const into = makeTempFolder('package-spec-', { parent: path.join(ROOT, 'build') });
      fs.writeFileSync(path.join(into, 'kept.txt'), 'x');
      try {
        const before = distSnapshot();
        const result = runPackage('--into', path.relative(ROOT, into), ...args);
        assert.equal(result.status, 2, result.stderr);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /at .*\.mjs:\d+/, 'a message, not a stack trace');
        assert.deepEqual(fs.readdirSync(into), ['kept.txt']);
        assert.deepEqual(distSnapshot(), before);
      } finally {
        removeTempFolder(into);
      }
    });
  }

  // In-process: were the check broken, a spawned script would empty the folder named.
  it('takes --into only for dist or a folder under build/, as that folder is emptied first', async () => {
    const { readPackageArguments } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'packageArguments.mjs')).href)) as PackageArguments;
    assert.equal(readPackageArguments([], ROOT).into, DIST);
    assert.equal(readPackageArguments(['--into', 'build/test-package'], ROOT).into, path.join(ROOT, 'build', 'test-package'));
    for (const folder of ['..', '.', 'build', 'tasks', 'build/../tasks', path.dirname(ROOT)]) {
      assert.throws(() => readPackageArguments(['--into', folder], ROOT), /--into must be dist or a folder under build\//, folder);
    }
    assert.deepEqual(readPackageArguments(['--publisher=p', '--rev-version'], ROOT).tfxArguments, ['--publisher', 'p', '--rev-version']);
  });

  it('with --into writes exactly one .vsix there, with the publisher asked for, and leaves dist/ alone', function () {
    if (!fs.existsSync(STAGED_BUNDLE)) this.skip(); // needs `npm run bundle` first, as npm test does
    const into = makeTempFolder('package-spec-', { parent: path.join(ROOT, 'build') });
    try {
      const before = distSnapshot();
      const result = runPackage('--into', path.relative(ROOT, into), '--publisher=spec-publisher');
      assert.equal(result.status, 0, result.stderr);
      const packages = fs.readdirSync(into).filter((name) => name.endsWith('.vsix'));
      assert.equal(packages.length, 1, packages.join(', '));
      const manifest = readZip(fs.readFileSync(path.join(into, packages[0]))).find((entry) => entry.name === 'extension.vsixmanifest');
      assert.match(manifest?.data.toString('utf8') ?? '', /Publisher="spec-publisher"/);
      assert.deepEqual(distSnapshot(), before);
    } finally {
      removeTempFolder(into);
    }
  });
});
