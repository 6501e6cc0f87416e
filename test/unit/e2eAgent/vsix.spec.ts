// Tests for the e2e agent's .vsix reader on zips built here (stored and deflated entries), and its package lookups.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { extractTask, findVsix, readZip, taskEntry } from '../../e2e/agent/vsix';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

interface FileToZip {
  name: string;
  data: Buffer;
  deflate: boolean;
}

/** A tiny zip writer: local headers, then the central directory, then the end record (as tfx's zip library lays out). */
function buildZip(files: readonly FileToZip[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const body = file.deflate ? zlib.deflateRawSync(file.data) : file.data;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(file.deflate ? 8 : 0, 8);
    header.writeUInt32LE(zlib.crc32(file.data), 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(file.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    locals.push(header, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    header.copy(central, 8, 6, 30); // flags .. name length, then extra length 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += header.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = makeTempFolder('vsix-spec-');
  tempDirs.push(dir);
  return dir;
}

const taskJson = JSON.stringify({ execution: { Node20_1: { target: 'index.js' }, Node24: { target: 'index.js' } } });
const bundle = Buffer.from(`console.log(${JSON.stringify('x'.repeat(5000))});\n`);
const icon = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);

function sampleVsix(): Buffer {
  return buildZip(
    [
      { name: 'extension.vsixmanifest', data: Buffer.from('<PackageManifest/>'), deflate: true },
      { name: 'tasks/DatabricksRepoSyncV1/', data: Buffer.alloc(0), deflate: false },
      { name: 'tasks/DatabricksRepoSyncV1/task.json', data: Buffer.from(taskJson), deflate: true },
      { name: 'tasks/DatabricksRepoSyncV1/icon.png', data: icon, deflate: false },
      { name: 'tasks/DatabricksRepoSyncV1/index.js', data: bundle, deflate: true },
    ],
    'made by the spec',
  );
}

describe('e2e agent: vsix', () => {
  after(() => {
    for (const dir of tempDirs) removeTempFolder(dir);
  });

  it('reads stored and deflated entries, skipping directories', () => {
    const entries = readZip(sampleVsix());
    assert.deepEqual(entries.map((entry) => entry.name), [
      'extension.vsixmanifest',
      'tasks/DatabricksRepoSyncV1/task.json',
      'tasks/DatabricksRepoSyncV1/icon.png',
      'tasks/DatabricksRepoSyncV1/index.js',
    ]);
    assert.deepEqual(entries[2].data, icon);
    assert.deepEqual(entries[3].data, bundle);
  });

  it('rejects a corrupt entry and a file that is not a zip', () => {
    const zip = sampleVsix();
    const corrupt = Buffer.from(zip);
    corrupt[corrupt.indexOf(icon)] ^= 0xff;
    assert.throws(() => readZip(corrupt), /CRC mismatch/);
    assert.throws(() => readZip(Buffer.from('not a zip at all, just some text that is long enough')), /not a zip/);
  });

  it('refuses an entry that would be written outside the folder', async () => {
    const dir = tempDir();
    const vsix = path.join(dir, 'evil.vsix');
    fs.writeFileSync(vsix, buildZip([
      { name: 'DatabricksRepoSyncV1/task.json', data: Buffer.from(taskJson), deflate: false },
      { name: '../escape.txt', data: Buffer.from('x'), deflate: false },
    ]));
    await assert.rejects(extractTask(vsix), /escapes the folder/);
  });

  it('extracts the task folder and finds the Node20_1 entry', async () => {
    const dir = tempDir();
    const vsix = path.join(dir, 'ext.vsix');
    fs.writeFileSync(vsix, sampleVsix());
    const folder = await extractTask(vsix);
    assert.equal(path.basename(folder), 'DatabricksRepoSyncV1');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['icon.png', 'index.js', 'task.json']);
    assert.equal(taskEntry(folder), path.join(folder, 'index.js'));
  });

  it('extracts a package once per path and modification time', async () => {
    const dir = tempDir();
    const vsix = path.join(dir, 'cached.vsix');
    fs.writeFileSync(vsix, sampleVsix());
    const first = await extractTask(vsix);
    assert.equal(await extractTask(vsix), first);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(vsix, later, later);
    assert.notEqual(await extractTask(vsix), first);
  });

  it('fails when the task folder is missing from the package', async () => {
    const dir = tempDir();
    const vsix = path.join(dir, 'other.vsix');
    fs.writeFileSync(vsix, sampleVsix());
    await assert.rejects(extractTask(vsix, 'OtherTaskV2'), /expected one OtherTaskV2\/task.json/);
  });

  it('requires exactly one .vsix in dist', () => {
    const dir = tempDir();
    assert.throws(() => findVsix(dir), /found 0/);
    fs.writeFileSync(path.join(dir, 'a.vsix'), '');
    assert.equal(findVsix(dir), path.join(dir, 'a.vsix'));
    fs.writeFileSync(path.join(dir, 'b.vsix'), '');
    assert.throws(() => findVsix(dir), /found 2/);
    assert.throws(() => findVsix(path.join(dir, 'missing')), /found 0/);
  });

  it('requires the Node20_1 target to exist', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify({ execution: { Node24: { target: 'index.js' } } }));
    assert.throws(() => taskEntry(dir), /no execution.Node20_1.target/);
    fs.writeFileSync(path.join(dir, 'task.json'), taskJson);
    assert.throws(() => taskEntry(dir), /is not in/);
  });
});
