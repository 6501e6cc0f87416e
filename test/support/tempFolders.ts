// Every folder the tests, the demo, the bench and the emulator make outside the repository is made here, so that each
// is removed again: by its owner when done, and at the latest when the process ends (exit, SIGINT, SIGTERM, SIGHUP,
// an uncaught error). Folders holding a private key or a vault key go first.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempFolderOptions {
  /** holds a private key or another secret: removed before the other folders */
  holdsSecrets?: boolean;
  /** where to make it; default the temp directory (os.tmpdir()) */
  parent?: string;
}

// Insertion order is creation order; `holdsSecrets` decides which go first when everything is removed at once.
const live = new Map<string, { holdsSecrets: boolean }>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let watching = false;

/** Makes a fresh folder `<parent>/<prefix>XXXXXX` and registers it for removal. */
export function makeTempFolder(prefix: string, options: TempFolderOptions = {}): string {
  watchProcessEnd();
  const folder = fs.mkdtempSync(path.join(options.parent ?? os.tmpdir(), prefix));
  live.set(folder, { holdsSecrets: options.holdsSecrets ?? false });
  return folder;
}

/** Removes a folder made by makeTempFolder (or anything else: removing what is gone is not an error). */
export function removeTempFolder(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
  live.delete(folder);
}

/**
 * Removes every folder still registered, those holding secrets first. Synchronous, as it also runs in the 'exit'
 * handler. Returns the folders that could not be removed (they stay registered).
 */
export function removeAllTempFolders(): string[] {
  const ordered = [...live].sort(([, a], [, b]) => Number(b.holdsSecrets) - Number(a.holdsSecrets)).map(([folder]) => folder);
  const failed: string[] = [];
  for (const folder of ordered) {
    try {
      removeTempFolder(folder);
    } catch {
      failed.push(folder);
    }
  }
  return failed;
}

/** The registered folders that still exist. */
export function tempFoldersLeft(): string[] {
  return [...live.keys()].filter((folder) => fs.existsSync(folder));
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllTempFolders();
  // A process with its own handler (the emulator CLI) decides how to end. Otherwise the signal must still end the
  // process, as it would have without this listener: raise it again with the default action.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

// Installed with the first folder, so that merely importing this module changes nothing about a process.
function watchProcessEnd(): void {
  if (watching) return;
  watching = true;
  // 'exit' also follows process.exit() (mocha's `exit: true`), an uncaught exception and an unhandled rejection.
  process.on('exit', () => {
    removeAllTempFolders();
  });
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
