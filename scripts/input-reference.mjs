// Writes the input reference of overview.md (between <!-- inputs:start --> and <!-- inputs:end -->) from task.json, so
// the page a user reads before installing can never describe inputs the task does not have.
// Usage: node scripts/input-reference.mjs            rewrite the reference in overview.md
//        node scripts/input-reference.mjs --check    exit 1 when overview.md is out of date (changes nothing)
// test/unit/overviewInputReference.spec.ts runs the same check in the unit suite.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const START_MARKER = '<!-- inputs:start -->';
export const END_MARKER = '<!-- inputs:end -->';

const root = path.resolve(import.meta.dirname, '..');
export const TASK_FILE = path.join(root, 'tasks', 'DatabricksRepoSyncV1', 'task.json');
export const OVERVIEW_FILE = path.join(root, 'overview.md');

const TYPE_WORDS = {
  string: 'text',
  int: 'whole number',
  boolean: 'boolean',
  pickList: 'pick list',
  multiLine: 'text, one entry a line',
  filePath: 'file path',
};

const CONNECTION_WORDS = {
  AzureRM: 'Azure Resource Manager',
  DatabricksWorkspace: 'Databricks workspace',
};

/** The type as a user reads it: "service connection (Azure Resource Manager)", "pick list, or type a value". */
export function typeInWords(input) {
  if (input.type.startsWith('connectedService:')) {
    const kind = input.type.slice('connectedService:'.length);
    return `service connection (${CONNECTION_WORDS[kind] ?? kind})`;
  }
  const words = TYPE_WORDS[input.type] ?? input.type;
  const editable = String(input.properties?.EditableOptions ?? '').toLowerCase() === 'true';
  return editable ? `${words}, or type any value` : words;
}

// --- visibleRule: `a = b`, `a != b` and the string operators, joined by `&&` (binds tighter) and `||` ---
const CLAUSE = /^([A-Za-z][A-Za-z0-9]*)\s*(!=|=|NotContains|NotEndsWith|NotStartsWith|Contains|EndsWith|StartsWith)\s*(.*)$/;
const OPERATOR_WORDS = {
  '=': 'is',
  '!=': 'is not',
  Contains: 'contains',
  EndsWith: 'ends with',
  StartsWith: 'starts with',
  NotContains: 'does not contain',
  NotEndsWith: 'does not end with',
  NotStartsWith: 'does not start with',
};

function readClause(text) {
  const match = CLAUSE.exec(text.trim());
  if (!match) throw new Error(`Cannot read the visibleRule clause "${text}".`);
  return { name: match[1], operator: match[2], value: match[3].trim().replace(/^"(.*)"$/, '$1') };
}

function clauseInWords({ name, operator, value }) {
  if (value === '' && operator === '!=') return `\`${name}\` is set`;
  if (value === '' && operator === '=') return `\`${name}\` is empty`;
  return `\`${name}\` ${OPERATOR_WORDS[operator]} \`${value}\``;
}

/** "`authType` is `clientSecret` or `clientCertificate`": alternatives that test one input for equality read as one. */
function alternativesInWords(alternatives) {
  const single = alternatives.every((clauses) => clauses.length === 1 && clauses[0].operator === '=' && clauses[0].value !== '');
  const names = new Set(alternatives.map((clauses) => clauses[0].name));
  if (single && names.size === 1) {
    const values = alternatives.map((clauses) => `\`${clauses[0].value}\``);
    const listed = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
    return `\`${alternatives[0][0].name}\` is ${listed}`;
  }
  return alternatives.map((clauses) => clauses.map(clauseInWords).join(' and ')).join(', or ');
}

/** A visibleRule in words, e.g. "when `authType` is `clientSecret` or `clientCertificate`"; "always" without a rule. */
export function visibleRuleInWords(...rules) {
  const present = rules.filter((rule) => rule && rule.trim());
  if (present.length === 0) return 'always';
  const parts = present.map((rule) => alternativesInWords(rule.split('||').map((any) => any.split('&&').map(readClause))));
  return `when ${parts.join(', and ')}`;
}

/** Help text made safe for the page: `<…>` outside code spans would be read as HTML and vanish. */
function markdownText(text) {
  return String(text)
    .replace(/\s*\r?\n\s*/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/</g, '\\<').replace(/>/g, '\\>')))
    .join('');
}

function valuesLine(input) {
  const options = Object.entries(input.options ?? {});
  if (input.type !== 'pickList' || options.length === 0) return undefined;
  return `Values: ${options.map(([value, label]) => `\`${value}\`: ${markdownText(label)}`).join('; ')}.`;
}

function factsLine(input, group) {
  const facts = [typeInWords(input)];
  const hasDefault = input.defaultValue !== undefined && input.defaultValue !== '';
  facts.push(hasDefault ? `default \`${input.defaultValue}\`` : 'no default');
  if (input.required && !hasDefault) facts.push('required when shown');
  facts.push(`shown ${visibleRuleInWords(group?.visibleRule, input.visibleRule)}`);
  return `*${facts.join(' · ')}*`;
}

function inputEntry(input, group) {
  const lines = [`- **\`${input.name}\`** — ${markdownText(input.label)}`, '', `  ${factsLine(input, group)}`];
  const values = valuesLine(input);
  if (values) lines.push('', `  ${values}`);
  if (input.helpMarkDown) lines.push('', `  ${markdownText(input.helpMarkDown)}`);
  return lines.join('\n');
}

/** The reference as markdown: one heading per group of the classic editor, one entry per input in task.json order. */
export function renderInputReference(task) {
  const groups = task.groups ?? [];
  const known = new Set(groups.map((group) => group.name));
  const sections = groups.map((group) => ({ group, inputs: task.inputs.filter((input) => input.groupName === group.name) }));
  const ungrouped = task.inputs.filter((input) => !known.has(input.groupName));
  if (ungrouped.length > 0) sections.unshift({ group: { displayName: 'General' }, inputs: ungrouped });
  return sections
    .filter((section) => section.inputs.length > 0)
    .map(({ group, inputs }) => {
      const collapsed = group.isExpanded === false ? ' (collapsed in the classic editor)' : '';
      const heading = `### ${markdownText(group.displayName)}${collapsed}`;
      return [heading, ...inputs.map((input) => inputEntry(input, group))].join('\n\n');
    })
    .join('\n\n');
}

/** The overview with the reference between the markers replaced; throws when the markers are missing or repeated. */
export function withInputReference(overview, reference) {
  const start = overview.indexOf(START_MARKER);
  const end = overview.indexOf(END_MARKER);
  const repeated = overview.indexOf(START_MARKER, start + 1) !== -1 || overview.indexOf(END_MARKER, end + 1) !== -1;
  if (start === -1 || end === -1 || end < start || repeated) {
    throw new Error(`overview.md must hold ${START_MARKER} once, followed by ${END_MARKER} once.`);
  }
  return `${overview.slice(0, start + START_MARKER.length)}\n\n${reference}\n\n${overview.slice(end)}`;
}

/** The overview as it should be for this task.json. */
export function expectedOverview(taskJsonText, overview) {
  return withInputReference(overview, renderInputReference(JSON.parse(taskJsonText)));
}

function main() {
  const overview = fs.readFileSync(OVERVIEW_FILE, 'utf8');
  const expected = expectedOverview(fs.readFileSync(TASK_FILE, 'utf8'), overview);
  if (process.argv.includes('--check')) {
    if (expected === overview) return console.log('The input reference in overview.md matches task.json.');
    console.error('The input reference in overview.md differs from task.json: run node scripts/input-reference.mjs');
    process.exit(1);
  }
  if (expected === overview) return console.log('overview.md: the input reference is already up to date.');
  fs.writeFileSync(OVERVIEW_FILE, expected);
  console.log('overview.md: input reference rewritten from task.json.');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
