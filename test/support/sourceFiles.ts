// The source files under a folder, for specs that check what the code base does or does not contain.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders never scanned: installed packages, and scratch folders of a test run. */
const SKIPPED = new Set(['node_modules', 'tmp']);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Every TypeScript or JavaScript file below `folder`, as absolute paths. */
export function sourceFilesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFilesUnder(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}
