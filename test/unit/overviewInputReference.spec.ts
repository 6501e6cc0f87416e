// The input reference in overview.md (scripts/input-reference.mjs) against task.json: regenerated in memory and
// compared, so an input added, removed or changed in task.json without `node scripts/input-reference.mjs` fails here.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..');
const TASK_JSON = fs.readFileSync(path.join(ROOT, 'tasks', 'DatabricksRepoSyncV1', 'task.json'), 'utf8');
const OVERVIEW = fs.readFileSync(path.join(ROOT, 'overview.md'), 'utf8');

interface TaskInput {
  name: string;
  type: string;
  label: string;
  defaultValue?: string;
  visibleRule?: string;
  groupName?: string;
  helpMarkDown?: string;
  options?: Record<string, string>;
}
interface TaskDefinition {
  groups: { name: string; displayName: string; isExpanded?: boolean; visibleRule?: string }[];
  inputs: TaskInput[];
}
interface InputReference {
  START_MARKER: string;
  END_MARKER: string;
  renderInputReference(task: TaskDefinition): string;
  withInputReference(overview: string, reference: string): string;
  expectedOverview(taskJsonText: string, overview: string): string;
  visibleRuleInWords(...rules: (string | undefined)[]): string;
}

async function load(): Promise<InputReference> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts', 'input-reference.mjs')).href)) as InputReference;
}

function task(): TaskDefinition {
  return JSON.parse(TASK_JSON) as TaskDefinition;
}

/** The markdown between the markers of an overview. */
function referenceSection(reference: InputReference, overview: string): string {
  return overview.slice(overview.indexOf(reference.START_MARKER), overview.indexOf(reference.END_MARKER));
}

/** The input names the entries of a reference section document, in order. */
function documentedNames(section: string): string[] {
  return [...section.matchAll(/^- \*\*`([A-Za-z0-9]+)`\*\*/gm)].map((match) => match[1]);
}

describe('overview.md input reference', () => {
  it('is what scripts/input-reference.mjs makes of task.json (run `node scripts/input-reference.mjs` if not)', async () => {
    const reference = await load();
    const expected = reference.expectedOverview(TASK_JSON, OVERVIEW).split('\n');
    const actual = OVERVIEW.split('\n');
    const line = expected.findIndex((text, index) => text !== actual[index]);
    assert.ok(
      line === -1 && expected.length === actual.length,
      'overview.md describes other inputs than task.json: run `node scripts/input-reference.mjs` and commit overview.md. ' +
        `First difference, line ${line + 1}:\n  overview.md: ${actual[line]}\n  task.json:   ${expected[line]}`,
    );
  });

  it('has one entry per input of task.json, in its order', async () => {
    const reference = await load();
    const names = documentedNames(referenceSection(reference, OVERVIEW));
    assert.deepEqual(names, task().inputs.map((input) => input.name));
  });

  it('tells a change of task.json apart: a default, a label, a rule, an option, a help text, an input more or less', async () => {
    const reference = await load();
    const original = reference.expectedOverview(TASK_JSON, OVERVIEW);
    const changes: ((definition: TaskDefinition) => void)[] = [
      (definition) => (definition.inputs.find((input) => input.name === 'requestTimeoutSeconds')!.defaultValue = '600'),
      (definition) => (definition.inputs.find((input) => input.name === 'branch')!.label = 'Branch name'),
      (definition) => (definition.inputs.find((input) => input.name === 'gitToken')!.visibleRule = 'gitCredential = none'),
      (definition) => (definition.inputs.find((input) => input.name === 'onMismatch')!.options!['ignore'] = 'Ignore'),
      (definition) => (definition.inputs.find((input) => input.name === 'tag')!.helpMarkDown = 'Another help text.'),
      (definition) => definition.inputs.push({ name: 'newInput', type: 'string', label: 'New', groupName: 'advanced' }),
      (definition) => definition.inputs.splice(definition.inputs.findIndex((input) => input.name === 'dryRun'), 1),
    ];
    for (const change of changes) {
      const definition = task();
      change(definition);
      assert.notEqual(reference.expectedOverview(JSON.stringify(definition), OVERVIEW), original, change.toString());
    }
  });

  it('leaves the page outside the markers as it is', async () => {
    const reference = await load();
    const page = `# Title\n\nbefore\n\n${reference.START_MARKER}\nold\n${reference.END_MARKER}\n\nafter\n`;
    const written = reference.withInputReference(page, 'NEW');
    assert.equal(written, `# Title\n\nbefore\n\n${reference.START_MARKER}\n\nNEW\n\n${reference.END_MARKER}\n\nafter\n`);
    assert.equal(reference.withInputReference(written, 'NEW'), written);
  });

  it('refuses a page without the markers, or with them twice', async () => {
    const reference = await load();
    const { START_MARKER: start, END_MARKER: end } = reference;
    for (const page of ['no markers', `${start} only`, `${end}\n${start}`, `${start}${end}${start}${end}`]) {
      assert.throws(() => reference.withInputReference(page, 'x'), /must hold/);
    }
  });

  it('says when an input is shown in words', async () => {
    const { visibleRuleInWords } = await load();
    assert.equal(visibleRuleInWords(undefined), 'always');
    assert.equal(visibleRuleInWords('authType = serviceConnection'), 'when `authType` is `serviceConnection`');
    assert.equal(
      visibleRuleInWords('authType = clientSecret || authType = clientCertificate || authType = managedIdentity'),
      'when `authType` is `clientSecret`, `clientCertificate` or `managedIdentity`',
    );
    assert.equal(visibleRuleInWords('permissions != ""'), 'when `permissions` is set');
    assert.equal(visibleRuleInWords('a = x && b != y || c EndsWith z'), 'when `a` is `x` and `b` is not `y`, or `c` ends with `z`');
    assert.equal(visibleRuleInWords('mode = on', 'kind = b'), 'when `mode` is `on`, and `kind` is `b`');
    assert.throws(() => visibleRuleInWords('authType ~ x'), /Cannot read the visibleRule clause/);
  });

  it('keeps <placeholders> visible outside code and leaves code as it is', async () => {
    const { renderInputReference } = await load();
    const markdown = renderInputReference({
      groups: [{ name: 'g', displayName: 'Group' }],
      inputs: [{ name: 'x', type: 'string', label: 'X', groupName: 'g', helpMarkDown: 'Issuer <workspace URL>/oidc, or `<organisation id>`.' }],
    });
    assert.match(markdown, /Issuer \\<workspace URL\\>\/oidc, or `<organisation id>`\./);
  });
});
