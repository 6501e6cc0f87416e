// task.json against the official schema and SPEC §2–§3, and the versions of task, extension and package kept equal.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';

const root = path.resolve(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const task = readJson('tasks/DatabricksRepoSyncV1/task.json') as {
  version: { Major: number; Minor: number; Patch: number };
  inputs: { name: string; type: string; defaultValue?: string; helpMarkDown?: string; label?: string; groupName?: string }[];
  outputVariables: { name: string }[];
  restrictions: { settableVariables: { allowed: string[] }; commands?: unknown };
  execution: Record<string, { target: string }>;
  minimumAgentVersion: string;
  groups: { name: string }[];
};

/** The official schema (a copy of azure-pipelines-task-lib's tasks.schema.json) has no `validation` on inputs, though the service and real tasks use it: allow that one. */
function schemaAllowingValidation(): object {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'tasks.schema.json'), 'utf8'));
  const inputProperties = schema.properties.inputs.items.properties;
  inputProperties.validation = {
    type: 'object',
    additionalProperties: false,
    required: ['expression', 'message'],
    properties: { expression: { type: 'string' }, message: { type: 'string' } },
  };
  delete schema.id;
  return schema;
}

const specInputs: [string, string, string | undefined][] = [
  ['authType', 'pickList', 'serviceConnection'],
  ['azureSubscription', 'connectedService:AzureRM', undefined],
  ['databricksConnection', 'connectedService:DatabricksWorkspace', undefined],
  ['tenantId', 'string', undefined],
  ['clientId', 'string', undefined],
  ['clientSecret', 'string', undefined],
  ['certificatePath', 'filePath', undefined],
  ['authorityHost', 'string', 'https://login.microsoftonline.com'],
  // an editable picker (issue 6) whose value is the URL string, as SPEC's `string`
  ['databricksHost', 'pickList', undefined],
  ['repoUrl', 'string', '$(Build.Repository.Uri)'],
  ['gitProvider', 'pickList', 'auto'],
  ['gitCredential', 'pickList', 'entraToken'],
  ['gitToken', 'string', undefined],
  ['gitUsername', 'string', undefined],
  ['gitEmail', 'string', undefined],
  ['repoPath', 'string', undefined],
  ['branch', 'string', undefined],
  ['tag', 'string', undefined],
  ['sparseCheckoutPatterns', 'multiLine', undefined],
  ['createIfMissing', 'boolean', 'true'],
  ['onMismatch', 'pickList', 'fail'],
  ['discardLocalChanges', 'boolean', 'false'],
  ['expectedCommit', 'string', undefined],
  ['permissions', 'multiLine', undefined],
  ['replacePermissions', 'boolean', 'false'],
  ['exportTokens', 'boolean', 'false'],
  ['dryRun', 'boolean', 'false'],
  ['retryTimeoutSeconds', 'int', '300'],
  ['requestTimeoutSeconds', 'int', '300'],
];

const specOutputs = ['repoId', 'repoPath', 'headCommitId', 'previousCommitId', 'branch', 'tag', 'credentialId', 'changed', 'databricksToken', 'azureDevOpsToken'];

describe('task.json', () => {
  it('validates against the official task schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schemaAllowingValidation());
    const valid = validate(task);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  });

  it('declares every input of SPEC §2 with its type and default, and nothing else', () => {
    assert.deepEqual(task.inputs.map((i) => i.name).sort(), specInputs.map(([name]) => name).sort());
    for (const [name, type, defaultValue] of specInputs) {
      const input = task.inputs.find((i) => i.name === name)!;
      assert.equal(input.type, type, `${name} type`);
      assert.equal(input.defaultValue, defaultValue, `${name} default`);
    }
  });

  it('gives every input a label, help text and a known group', () => {
    const groups = new Set(task.groups.map((g) => g.name));
    for (const input of task.inputs) {
      assert.ok(input.label && input.label.length > 2, `${input.name} label`);
      assert.ok(input.helpMarkDown && input.helpMarkDown.length > 20, `${input.name} helpMarkDown`);
      assert.ok(input.groupName && groups.has(input.groupName), `${input.name} group`);
    }
  });

  it('lists exactly the outputs of SPEC §3 as output and settable variables, without restricted command mode', () => {
    assert.deepEqual(task.outputVariables.map((o) => o.name), specOutputs);
    assert.deepEqual(task.restrictions.settableVariables.allowed, specOutputs);
    assert.equal(task.restrictions.commands, undefined, 'restricted mode would block task.uploadsummary');
  });

  it('runs on Node20_1 and Node24 only, with the same target, on agent 4.248.0 or later', () => {
    assert.deepEqual(Object.keys(task.execution).sort(), ['Node20_1', 'Node24']);
    assert.equal(task.execution.Node20_1.target, task.execution.Node24.target);
    assert.equal(task.minimumAgentVersion, '4.248.0');
  });

  it('has the same version as the extension and the package', () => {
    const { Major, Minor, Patch } = task.version;
    const taskVersion = `${Major}.${Minor}.${Patch}`;
    assert.equal(readJson('vss-extension.json').version, taskVersion);
    assert.equal(readJson('package.json').version, taskVersion);
  });

  it('is a private extension contributing the task folder', () => {
    const manifest = readJson('vss-extension.json') as { public: boolean; contributions: { properties: { name: string } }[] };
    assert.equal(manifest.public, false);
    assert.equal(manifest.contributions[0].properties.name, 'DatabricksRepoSyncV1');
  });
});
