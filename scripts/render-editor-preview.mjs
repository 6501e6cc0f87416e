// Renders task.json as the classic editor's task panel and screenshots it into images/classic-editor.png for overview.md.
// Usage: node scripts/render-editor-preview.mjs [--keep]   (needs /usr/bin/chromium; --keep leaves the temp HTML page)
// One-off asset build, not part of tests or CI. It makes no network request: the icon is a data URI, fonts are local.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MEASURE_SCRIPT, findChromium, measurePageHeight, runChromium } from './headlessChromium.mjs';

const root = path.resolve(import.meta.dirname, '..');
const taskDir = path.join(root, 'tasks', 'DatabricksRepoSyncV1');
const outFile = path.join(root, 'images', 'classic-editor.png');
const WIDTH = 640;
const MAX_BYTES = 150 * 1024;

// A typical configuration: what a user of the recommended setup has typed; everything else keeps its default.
const EXAMPLE_VALUES = {
  authType: 'serviceConnection',
  gitCredential: 'entraToken',
  azureSubscription: 'my-databricks-connection',
  databricksHost: 'https://adb-1234567890123456.7.azuredatabricks.net',
  repoPath: '/Repos/production/my-project',
  branch: 'main',
};

// --- visibleRule: `a = b`, `a != b`, the string operators, joined by `&&` (binds tighter) and `||` ---
const CLAUSE = /^([A-Za-z][A-Za-z0-9]*)\s*(!=|=|NotContains|NotEndsWith|NotStartsWith|Contains|EndsWith|StartsWith)\s*(.*)$/;
const COMPARE = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  Contains: (a, b) => a.includes(b),
  EndsWith: (a, b) => a.endsWith(b),
  StartsWith: (a, b) => a.startsWith(b),
  NotContains: (a, b) => !a.includes(b),
  NotEndsWith: (a, b) => !a.endsWith(b),
  NotStartsWith: (a, b) => !a.startsWith(b),
};

function clauseHolds(clause, values) {
  const match = CLAUSE.exec(clause.trim());
  if (!match) throw new Error(`Cannot read the visibleRule clause "${clause}".`);
  const [, name, operator, raw] = match;
  const expected = raw.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  return COMPARE[operator](String(values[name] ?? '').toLowerCase(), expected);
}

function isVisible(rule, values) {
  if (!rule) return true;
  return rule.split('||').some((any) => any.split('&&').every((clause) => clauseHolds(clause, values)));
}

// --- HTML ---
const esc = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const INFO = '<svg class="info" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.5"/><path d="M8 7v4.5M8 4.6v.1"/></svg>';
const CHEVRON_DOWN = '<svg class="chev" viewBox="0 0 12 12" aria-hidden="true"><path d="M2 4l4 4 4-4"/></svg>';
const CHEVRON_UP = '<svg class="chev" viewBox="0 0 12 12" aria-hidden="true"><path d="M2 8l4-4 4 4"/></svg>';
const REFRESH = '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v2.5h-2.5"/></svg>';
const EXTERNAL = '<svg class="icon small" viewBox="0 0 16 16" aria-hidden="true"><path d="M9 3h4v4M13 3L7.5 8.5M11 9.5V13H3V5h3.5"/></svg>';

function selectBox(text, extraClass = '') {
  return `<div class="box select ${extraClass}"><span class="value">${esc(text)}</span>${CHEVRON_DOWN}</div>`;
}

function labelRow(input, trailing = '') {
  const required = input.required ? '<span class="required">*</span>' : '';
  return `<div class="label-row"><label>${esc(input.label)}${required}</label>${INFO}${trailing}</div>`;
}

function controlFor(input, value, task) {
  const bound = (task.dataSourceBindings ?? []).some((binding) => binding.target === input.name);
  const refresh = bound ? `<button class="square">${REFRESH}</button>` : '';
  if (input.type === 'pickList') return `<div class="with-button">${selectBox(input.options?.[value] ?? value)}${refresh}</div>`;
  if (input.type.startsWith('connectedService:')) return `<div class="with-button">${selectBox(value)}<button class="square">${REFRESH}</button></div>`;
  if (input.type === 'multiLine') return `<div class="box textarea" style="height:${Number(input.properties?.rows ?? 2) * 20 + 14}px">${esc(value)}</div>`;
  if (input.type === 'filePath') return `<div class="with-button"><div class="box">${esc(value)}</div><button class="square">…</button></div>`;
  if (!['string', 'int'].includes(input.type)) console.warn(`Input ${input.name}: type ${input.type} drawn as a text box.`);
  return `<div class="box">${esc(value)}</div>`;
}

function fieldFor(input, value, task) {
  if (input.type === 'boolean') {
    const checked = String(value).toLowerCase() === 'true' ? ' checked' : '';
    return `<div class="field checkbox"><span class="check${checked}"></span><label>${esc(input.label)}</label>${INFO}</div>`;
  }
  const manage = input.type.startsWith('connectedService:') ? `<a class="manage">Manage ${EXTERNAL}</a>` : '';
  return `<div class="field">${labelRow(input, manage)}${controlFor(input, value, task)}</div>`;
}

function sectionFor(title, expanded, fields = '') {
  const header = `<div class="group-header">${esc(title)}${expanded ? CHEVRON_UP : CHEVRON_DOWN}</div>`;
  return `<section class="group${expanded ? '' : ' collapsed'}">${header}${expanded ? fields : ''}</section>`;
}

function groupsHtml(task, values) {
  return (task.groups ?? [])
    .filter((group) => isVisible(group.visibleRule, values))
    .map((group) => {
      if (!group.isExpanded) return sectionFor(group.displayName, false);
      const fields = task.inputs
        .filter((input) => input.groupName === group.name && isVisible(input.visibleRule, values))
        .map((input) => fieldFor(input, values[input.name] ?? '', task));
      return sectionFor(group.displayName, true, fields.join(''));
    })
    .join('');
}

function headerHtml(task, values, iconUri) {
  const displayName = task.instanceNameFormat.replace(/\$\((\w+)\)/g, (whole, name) => values[name] ?? whole);
  return `
    <div class="task-header">
      <img class="task-icon" src="${iconUri}" width="32" height="32" alt="">
      <h1>${esc(task.friendlyName)}</h1>${INFO}
      <div class="version"><span>Task version</span>${selectBox(`${task.version.Major}.*`, 'narrow')}</div>
    </div>
    <div class="commands"><a>Link settings</a><a>View YAML</a><a>Remove</a></div>
    <div class="field">${labelRow({ label: 'Display name', required: true })}<div class="box">${esc(displayName)}</div></div>`;
}

const CSS = `
  * { box-sizing: border-box; }
  html, body { margin: 0; background: #f8f8f8; }
  body { width: ${WIDTH}px; padding: 12px; color: #323130; font-size: 14px; line-height: 20px;
    font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto,
      "Helvetica Neue", "Liberation Sans", Arial, sans-serif; -webkit-font-smoothing: antialiased; }
  .panel { background: #fff; border-radius: 4px; padding: 16px 20px 4px;
    box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13), 0 0.3px 0.9px rgba(0,0,0,.11); }
  svg { fill: none; stroke: currentColor; stroke-width: 1.3; stroke-linecap: round; stroke-linejoin: round; flex: none; }
  .info { width: 15px; height: 15px; color: #605e5c; margin-left: 6px; }
  .chev { width: 12px; height: 12px; color: #605e5c; margin-left: auto; stroke-width: 1.5; }
  .icon { width: 16px; height: 16px; color: #0078d4; }
  .icon.small { width: 13px; height: 13px; margin-left: 3px; }
  .task-header { display: flex; align-items: center; gap: 10px; }
  .task-header .info { margin-left: -4px; }
  .task-icon { border-radius: 2px; }
  h1 { margin: 0; font-size: 20px; line-height: 28px; font-weight: 600; }
  .version { margin-left: auto; display: flex; align-items: center; gap: 8px; color: #605e5c; }
  .commands { display: flex; gap: 18px; justify-content: flex-end; margin: 6px 0 8px; }
  a { color: #0078d4; text-decoration: none; display: inline-flex; align-items: center; }
  .field { margin: 0 0 14px; }
  .label-row { display: flex; align-items: center; margin-bottom: 4px; }
  .required { color: #a4262c; margin-left: 4px; }
  .manage { margin-left: auto; }
  .box { height: 32px; border: 1px solid #8a8886; border-radius: 2px; padding: 5px 8px; background: #fff;
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis; flex: 1; min-width: 0; }
  .select { display: flex; align-items: center; gap: 8px; }
  .select .value { overflow: hidden; text-overflow: ellipsis; }
  .select.narrow { width: 72px; flex: none; }
  .textarea { white-space: pre; resize: none; position: relative; }
  .textarea::after { content: ""; position: absolute; right: 2px; bottom: 2px; width: 7px; height: 7px;
    border-right: 1px solid #a19f9d; border-bottom: 1px solid #a19f9d; }
  .with-button { display: flex; gap: 4px; }
  .square { width: 32px; height: 32px; border: 1px solid #8a8886; border-radius: 2px; background: #fff;
    display: flex; align-items: center; justify-content: center; font: inherit; color: #323130; padding: 0; }
  .checkbox { display: flex; align-items: center; }
  .check { width: 18px; height: 18px; border: 1px solid #323130; border-radius: 2px; margin-right: 8px; flex: none; }
  .check.checked { background: #0078d4 url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpath d='M3.5 8.5l3 3 6-7' fill='none' stroke='white' stroke-width='1.6'/%3E%3C/svg%3E") center/14px no-repeat; border-color: #0078d4; }
  .group { border-top: 1px solid #edebe9; }
  .group-header { display: flex; align-items: center; font-size: 16px; font-weight: 600; padding: 12px 0; }
  .group.collapsed .group-header { padding: 10px 0; }
`;

function pageHtml(task, iconUri) {
  const values = { ...Object.fromEntries(task.inputs.map((input) => [input.name, input.defaultValue ?? ''])), ...EXAMPLE_VALUES };
  // The editor adds these two sections under every task; they make the panel look like the real one.
  const editorSections = sectionFor('Control Options', false) + sectionFor('Output Variables', false);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(task.friendlyName)} - classic editor preview</title><style>${CSS}</style></head>
<body><main class="panel">${headerHtml(task, values, iconUri)}${groupsHtml(task, values)}${editorSections}</main>
${MEASURE_SCRIPT}
</body></html>`;
}

// --- Chromium ---
function chromiumOrExit() {
  const found = findChromium();
  if (found) return found;
  console.error('Chromium is needed to take the screenshot and was not found.');
  console.error('Install it (Debian/Ubuntu, as root):  apt-get update && apt-get install -y chromium');
  console.error('or point CHROMIUM_PATH at a Chromium or Chrome binary.');
  process.exit(1);
}

function pngSize(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG.`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes: bytes.length };
}

function main() {
  const chromium = chromiumOrExit();
  const task = JSON.parse(fs.readFileSync(path.join(taskDir, 'task.json'), 'utf8'));
  const iconUri = `data:image/png;base64,${fs.readFileSync(path.join(taskDir, 'icon.png')).toString('base64')}`;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-preview-'));
  const pageFile = path.join(tempDir, 'classic-editor.html');
  fs.writeFileSync(pageFile, pageHtml(task, iconUri));

  const height = measurePageHeight(chromium, tempDir, WIDTH, pathToFileURL(pageFile).href);
  const shot = path.join(tempDir, 'classic-editor.png');
  runChromium(chromium, tempDir, [WIDTH, height], [`--screenshot=${shot}`], pathToFileURL(pageFile).href);
  const size = pngSize(shot);
  fs.copyFileSync(shot, outFile);

  console.log(`Wrote ${path.relative(root, outFile)}: ${size.width}x${size.height} px, ${(size.bytes / 1024).toFixed(1)} KB.`);
  if (size.bytes > MAX_BYTES) console.warn(`Warning: larger than ${MAX_BYTES / 1024} KB; the marketplace page loads it on every visit.`);
  if (process.argv.includes('--keep')) console.log(`HTML page kept at ${pageFile}`);
  else fs.rmSync(tempDir, { recursive: true, force: true });
}

main();
