// Opens the packaged extension (.vsix, a zip) with a minimal zip reader on node's zlib, so the e2e suite runs exactly
// the files the marketplace would install, without an unzip binary.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes, at the very end of the file.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new Error('not a zip file: no end of central directory record');
}

function entryData(zip: Buffer, name: string, method: number, localOffset: number, compressedSize: number): Buffer {
  if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) throw new Error(`zip entry ${name}: bad local header`);
  // Sizes in the local header may be zero (data descriptor); the central directory's are authoritative.
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const raw = zip.subarray(start, start + compressedSize);
  if (method === STORED) return Buffer.from(raw);
  if (method === DEFLATED) return zlib.inflateRawSync(raw);
  throw new Error(`zip entry ${name}: compression method ${method} is not supported`);
}

/** Every file entry of a zip (directories skipped), checked against its CRC-32. Zip64 is not supported. */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) throw new Error('zip central directory is corrupt');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const data = entryData(zip, name, method, localOffset, compressedSize);
    if (zlib.crc32(data) !== crc) throw new Error(`zip entry ${name}: CRC mismatch`);
    entries.push({ name, data });
  }
  return entries;
}

/** Writes the entries under `folder`, refusing names that would land outside it. */
export function writeEntries(entries: readonly ZipEntry[], folder: string): void {
  const root = path.resolve(folder);
  for (const entry of entries) {
    const target = path.resolve(root, entry.name.replace(/\\/g, '/'));
    if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`zip entry ${entry.name} escapes the folder`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, entry.data);
  }
}

/** The folder holding `<taskFolder>/task.json` among the entries, as a path relative to the zip root. */
function taskFolderIn(entries: readonly ZipEntry[], taskFolder: string): string {
  const matches = entries
    .map((entry) => entry.name.replace(/\\/g, '/'))
    .filter((name) => name === `${taskFolder}/task.json` || name.endsWith(`/${taskFolder}/task.json`));
  if (matches.length !== 1) {
    throw new Error(`expected one ${taskFolder}/task.json in the package, found ${matches.length}`);
  }
  return path.posix.dirname(matches[0]);
}

const extractions = new Map<string, Promise<string>>();

/**
 * Unzips the .vsix into a fresh temp folder and returns the task's folder (task.json, icon.png, the bundle).
 * Cached per path and modification time within the process, so a suite extracts each package once; the files are
 * removed when the process ends (tempFolders.ts), as the cache lives as long as the process.
 */
export function extractTask(vsixPath: string, taskFolder = 'DatabricksRepoSyncV1'): Promise<string> {
  const absolute = path.resolve(vsixPath);
  const stat = fs.statSync(absolute);
  const key = `${absolute}\n${stat.mtimeMs}\n${stat.size}\n${taskFolder}`;
  let extraction = extractions.get(key);
  if (!extraction) {
    extraction = extract(absolute, taskFolder);
    extractions.set(key, extraction);
    // A failed extraction is not cached: the next call retries (the package may still be being written).
    extraction.catch((): void => {
      extractions.delete(key);
    });
  }
  return extraction;
}

async function extract(vsixPath: string, taskFolder: string): Promise<string> {
  const entries = readZip(await fs.promises.readFile(vsixPath));
  const relative = taskFolderIn(entries, taskFolder);
  const folder = makeTempFolder('repo-sync-vsix-');
  try {
    writeEntries(entries, folder);
  } catch (error) {
    removeTempFolder(folder);
    throw error;
  }
  return path.join(folder, ...relative.split('/'));
}

/** The one .vsix in `folder`; anything else is an error, as a stale second package would be tested by mistake. */
export function findVsix(folder: string, howToMake = 'npm run package'): string {
  const packages = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.vsix')) : [];
  if (packages.length !== 1) {
    throw new Error(`expected exactly one .vsix in ${folder}, found ${packages.length}: run ${howToMake}`);
  }
  return path.join(folder, packages[0]);
}

/** The absolute path of the script the agent runs: task.json `execution.Node20_1.target`. */
export function taskEntry(folder: string): string {
  const taskJson = JSON.parse(fs.readFileSync(path.join(folder, 'task.json'), 'utf8')) as {
    execution?: Record<string, { target?: string }>;
  };
  const target = taskJson.execution?.['Node20_1']?.target;
  if (!target) throw new Error(`${folder}/task.json has no execution.Node20_1.target`);
  const entry = path.resolve(folder, target);
  if (!fs.existsSync(entry)) throw new Error(`task entry ${target} is not in ${folder}`);
  return entry;
}
