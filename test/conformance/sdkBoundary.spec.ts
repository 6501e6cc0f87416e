// The SDK is a dev-only dependency of the conformance suite: no source of the task imports it, so esbuild never puts
// it in the bundle (which would cost the task's package size and cold start for nothing).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import packageJson from '../../package.json';
import { sourceFilesUnder } from '../support/sourceFiles';

const SDK = '@databricks/sdk-experimental';

describe('conformance (Databricks SDK): kept out of the task', () => {
  it('is a devDependency pinned to an exact version', () => {
    const devDependencies: Record<string, string> = packageJson.devDependencies;
    const dependencies: Record<string, string> = packageJson.dependencies;
    assert.match(devDependencies[SDK] ?? '', /^\d+\.\d+\.\d+$/);
    assert.equal(dependencies[SDK], undefined);
  });

  it('no file under tasks/ imports it', () => {
    const root = path.resolve(__dirname, '..', '..');
    const importing = sourceFilesUnder(path.join(root, 'tasks')).filter((file) => fs.readFileSync(file, 'utf8').includes(SDK));
    assert.deepEqual(importing, []);
  });
});
