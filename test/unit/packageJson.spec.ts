// package.json: engines states what the toolchain needs, and npm test, demo and bench package into the folder the
// e2e kit reads (build/test-package/), never into dist/ where npm run package puts the user's .vsix.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_PACKAGE_FOLDER } from '../e2e/support/testPackage';

const ROOT = path.resolve(__dirname, '..', '..');

interface PackageJson {
  engines?: { node?: string };
  scripts: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

describe('package.json', () => {
  const manifest = readJson<PackageJson>('package.json');

  it("states mocha's Node range in engines (the strictest tool; scripts need import.meta.dirname, Node 20.11), as the lock file does", () => {
    const mocha = readJson<PackageJson>('node_modules/mocha/package.json');
    assert.equal(manifest.engines?.node, mocha.engines?.node, 'engines.node must follow mocha after an upgrade');
    const lock = readJson<{ packages: Record<string, PackageJson> }>('package-lock.json');
    assert.equal(lock.packages['']?.engines?.node, manifest.engines?.node, 'run npm install to bring the lock file along');
  });

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
