// Runs a command and fails naming what it left in, or took from, the temp directory (os.tmpdir()): CI runs npm test
// and npm run demo through it to show that they leave the temp directory as they found it.
// Usage: node scripts/check-temp-dir.mjs -- <command> [arguments...]
// On a shared machine another program's files may come and go meanwhile; CI runs alone, so there every change is ours.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

const separator = process.argv.indexOf('--');
const command = process.argv.slice(separator >= 0 ? separator + 1 : 2);
if (command.length === 0) {
  console.error('usage: node scripts/check-temp-dir.mjs -- <command> [arguments...]');
  process.exit(2);
}

const tempDir = os.tmpdir();
const before = new Set(fs.readdirSync(tempDir));
// npm is npm.cmd on Windows, which only a shell runs
const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
if (run.error) throw run.error;
const after = new Set(fs.readdirSync(tempDir));

const added = [...after].filter((name) => !before.has(name)).sort();
const removed = [...before].filter((name) => !after.has(name)).sort();
if (added.length > 0 || removed.length > 0) {
  console.error(`\ncheck-temp-dir: \`${command.join(' ')}\` did not leave ${tempDir} as it found it:`);
  for (const name of added) console.error(`  left behind: ${name}`);
  for (const name of removed) console.error(`  removed: ${name}`);
}
// The command's own failure comes first; a clean run that changed the temp directory fails with 1.
const changed = added.length > 0 || removed.length > 0;
process.exit(run.status !== 0 ? (run.status ?? 1) : changed ? 1 : 0);
