// Bundles the task into one CommonJS file and stages the task folder (task.json, icon.png, index.js) for tfx.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const taskName = 'DatabricksRepoSyncV1';
const source = path.join(root, 'tasks', taskName);
const stage = path.join(root, 'build', 'stage', taskName);
// The source map stays outside the .vsix (it would double the package) but next to the build for debugging.
const sourceMapDir = path.join(root, 'build', 'sourcemaps');

// axios imports form-data (and with it the 140 KB mime-db) for multipart bodies; the task only sends JSON and forms
// as strings, so a stand-in class keeps axios's `instanceof FormData` checks working without that weight.
const withoutMultipart = {
  name: 'without-multipart',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'stand-in' }));
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
      contents: 'module.exports = class FormData {};',
      loader: 'js',
    }));
  },
};

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
fs.mkdirSync(sourceMapDir, { recursive: true });

const result = await esbuild.build({
  entryPoints: [path.join(source, 'src', 'index.ts')],
  outfile: path.join(stage, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  keepNames: true,
  sourcemap: 'external',
  legalComments: 'eof',
  metafile: true,
  plugins: [withoutMultipart],
  logLevel: 'warning',
});

fs.renameSync(path.join(stage, 'index.js.map'), path.join(sourceMapDir, 'index.js.map'));
fs.copyFileSync(path.join(source, 'task.json'), path.join(stage, 'task.json'));
fs.copyFileSync(path.join(source, 'icon.png'), path.join(stage, 'icon.png'));
fs.writeFileSync(path.join(root, 'build', 'bundle-meta.json'), JSON.stringify(result.metafile));

const size = fs.statSync(path.join(stage, 'index.js')).size;
console.log(`bundled ${taskName}/index.js: ${(size / 1024).toFixed(0)} KB`);
