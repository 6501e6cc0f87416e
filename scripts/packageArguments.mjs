// Reads the arguments of scripts/package.mjs: its own `--into <folder>` and the `tfx extension create` options passed
// through. A value-taking tfx option without its value is refused, as tfx would silently fall back to the manifest
// (e.g. the default publisher) and the .vsix would look right but not be what was asked for.
import * as path from 'node:path';

/** The `tfx extension create` options that take a value (`tfx extension create --help`, tfx-cli 0.23). */
const TAKES_VALUE = new Set(['--manifest-js', '--env', '--manifests', '--override', '--overrides-file', '--publisher',
  '--extension-id', '--loc-root', '--output', '--trace-level', '--debug-log-stream']);
/** Set by package.mjs itself: a second one would quietly replace it and the .vsix would land elsewhere. */
const SET_HERE = new Set(['--root', '-r', '--manifest-globs', '--output-path']);

export class UsageError extends Error {}

/** tfx reads anything that starts with "-" as the next option. */
const isOption = (argument) => argument.startsWith('-');

/**
 * @param {string[]} argv the script's arguments
 * @param {string} root the repository root
 * @returns {{ into: string, tfxArguments: string[] }} the absolute output folder and what goes to tfx
 */
export function readPackageArguments(argv, root) {
  let into = path.join(root, 'dist');
  const tfxArguments = [];
  for (let index = 0; index < argv.length; index += 1) {
    // tfx knows only `--name value`; `--name=value` would reach it as an unknown option
    const [name, inline] = argv[index].startsWith('--') && argv[index].includes('=')
      ? [argv[index].slice(0, argv[index].indexOf('=')), argv[index].slice(argv[index].indexOf('=') + 1)]
      : [argv[index], undefined];
    if (SET_HERE.has(name)) throw new UsageError(`${name} is set by this script (the .vsix goes into dist/, or the --into folder); leave it out`);
    if (name !== '--into' && !TAKES_VALUE.has(name)) {
      tfxArguments.push(argv[index]);
      continue;
    }
    const values = inline !== undefined ? [inline] : [];
    while (inline === undefined && index + 1 < argv.length && !isOption(argv[index + 1])) values.push(argv[(index += 1)]);
    if (values.length === 0 || values.some((value) => value.trim() === '')) {
      throw new UsageError(`${name} needs a value, e.g. ${example(name)}`);
    }
    if (name === '--into') into = outputFolder(values, root);
    else tfxArguments.push(name, ...values);
  }
  return { into, tfxArguments };
}

function example(name) {
  if (name === '--publisher') return '--publisher <your-publisher-id> (see README: Publish to your organisation)';
  if (name === '--into') return '--into build/test-package';
  return `${name} <value>`;
}

// The folder is emptied before packaging, so only dist/ or a folder under build/ will do.
function outputFolder(values, root) {
  if (values.length > 1) throw new UsageError(`--into takes one folder, got ${values.join(' ')}`);
  const folder = path.resolve(root, values[0]);
  const build = path.join(root, 'build');
  if (folder !== path.join(root, 'dist') && !folder.startsWith(build + path.sep)) {
    throw new UsageError(`--into must be dist or a folder under build/ (it is emptied first), not ${values[0]}`);
  }
  return folder;
}
