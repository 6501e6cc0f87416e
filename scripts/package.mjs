// Writes exactly one .vsix into dist/ from the staged task folder; extra arguments go to tfx (e.g. --publisher contoso).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const stage = path.join(root, 'build', 'stage', 'DatabricksRepoSyncV1');
if (!fs.existsSync(path.join(stage, 'index.js'))) {
  throw new Error('The task is not bundled yet: run `npm run bundle` first.');
}

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

const tfx = path.join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js');
execFileSync(
  process.execPath,
  [tfx, 'extension', 'create', '--root', root, '--manifest-globs', 'vss-extension.json', '--output-path', dist,
    '--no-prompt', '--no-color', ...process.argv.slice(2)],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);

const packages = fs.readdirSync(dist).filter((name) => name.endsWith('.vsix'));
if (packages.length !== 1) throw new Error(`Expected one .vsix in dist/, found ${packages.length}`);
const size = fs.statSync(path.join(dist, packages[0])).size;
console.log(`packaged dist/${packages[0]}: ${(size / 1024).toFixed(0)} KB`);
