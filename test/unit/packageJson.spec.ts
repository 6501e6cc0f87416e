// package.json: npm test, demo and bench package into the folder the e2e kit reads (build/test-package/), never
// into dist/ where npm run package puts the user's .vsix.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_PACKAGE_FOLDER } from '../e2e/support/testPackage';

const ROOT = path.resolve(__dirname, '..', '..');

interface PackageJson {
  scripts: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

describe('package.json', () => {
  const manifest = readJson<PackageJson>('package.json');

  it('packages for npm test, demo and bench into the folder the e2e kit reads, and npm run package into dist/', () => {
    const into = /scripts\/package\.mjs --into (\S+)/.exec(manifest.scripts['package:test'])?.[1];
    assert.equal(into && path.join(ROOT, into), TEST_PACKAGE_FOLDER);
    for (const name of ['test', 'demo', 'bench']) {
      assert.match(manifest.scripts[name], /^(npm run typecheck && )?npm run package:test && /, name);
      assert.doesNotMatch(manifest.scripts[name], /npm run package(?!:)/, `${name} must not run npm run package, which empties dist/`);
    }
    assert.doesNotMatch(manifest.scripts.package, /--into/);
  });
});
