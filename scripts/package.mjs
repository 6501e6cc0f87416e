// Writes exactly one .vsix into dist/ (or the folder under build/ given with --into, for tests, demo and bench) from
// the staged task folder; other arguments go to tfx (e.g. --publisher contoso).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPackageArguments, UsageError } from './packageArguments.mjs';

const root = path.resolve(import.meta.dirname, '..');
let parsed;
try {
  parsed = readPackageArguments(process.argv.slice(2), root);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`npm run package: ${error.message}`);
  process.exit(2);
}
const { into, tfxArguments } = parsed;
const shown = path.relative(root, into);
const stage = path.join(root, 'build', 'stage', 'DatabricksRepoSyncV1');
if (!fs.existsSync(path.join(stage, 'index.js'))) {
  throw new Error('The task is not bundled yet: run `npm run bundle` first.');
}

fs.rmSync(into, { recursive: true, force: true });
fs.mkdirSync(into, { recursive: true });

/**
 * tfx looks for a task contribution's task.json at `<root>/<name>`, so it is given a root laid out as the package is:
 * the manifest with the staged task folder at the top (tfx otherwise warns, and says the warning will become an error).
 */
function packageRoot() {
  const layout = path.join(root, 'build', 'package-root');
  fs.rmSync(layout, { recursive: true, force: true });
  fs.mkdirSync(layout, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'vss-extension.json'), 'utf8'));
  manifest.files = manifest.files.map((entry) => (entry.path === 'build/stage/DatabricksRepoSyncV1' ? { path: 'DatabricksRepoSyncV1' } : entry));
  fs.writeFileSync(path.join(layout, 'vss-extension.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.cpSync(stage, path.join(layout, 'DatabricksRepoSyncV1'), { recursive: true });
  for (const name of ['overview.md', 'LICENSE', 'images']) fs.cpSync(path.join(root, name), path.join(layout, name), { recursive: true });
  return layout;
}

const tfx = path.join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js');
execFileSync(
  process.execPath,
  [tfx, 'extension', 'create', '--root', packageRoot(), '--manifest-globs', 'vss-extension.json', '--output-path', into,
    '--no-prompt', '--no-color', ...tfxArguments],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);

const packages = fs.readdirSync(into).filter((name) => name.endsWith('.vsix'));
if (packages.length !== 1) throw new Error(`Expected one .vsix in ${shown}/, found ${packages.length}`);
const size = fs.statSync(path.join(into, packages[0])).size;
console.log(`packaged ${shown}/${packages[0]}: ${(size / 1024).toFixed(0)} KB`);
