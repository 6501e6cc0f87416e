// Specs of the extension's Databricks workspace connection type (vss-extension.json) and the task inputs that use it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface InputDescriptor {
  id: string;
  description?: string;
  isConfidential?: boolean;
  validation?: { isRequired?: boolean };
}
interface AuthenticationScheme {
  type: string;
  headers?: { name: string; value: string }[];
  inputDescriptors: InputDescriptor[];
}
interface Contribution {
  id: string;
  type: string;
  targets: string[];
  properties: {
    name?: string;
    displayName?: string;
    icon?: string;
    dataSources?: { name: string; endpointUrl?: string }[];
    authenticationSchemes?: AuthenticationScheme[];
  };
}
interface TaskInput {
  name: string;
  type: string;
  required?: boolean;
  visibleRule?: string;
  options?: Record<string, string>;
}

const manifest = readJson('vss-extension.json') as { contributions: Contribution[] };
const task = readJson('tasks/DatabricksRepoSyncV1/task.json') as { inputs: TaskInput[] };
const SCHEME = 'ms.vss-endpoint.endpoint-auth-scheme-';

function endpointType(): Contribution {
  const types = manifest.contributions.filter((contribution) => contribution.type === 'ms.vss-endpoint.service-endpoint-type');
  assert.equal(types.length, 1, 'exactly one service endpoint type');
  return types[0];
}

function scheme(suffix: string): AuthenticationScheme {
  const found = endpointType().properties.authenticationSchemes?.find((candidate) => candidate.type === `${SCHEME}${suffix}`);
  assert.ok(found, `no ${SCHEME}${suffix}`);
  return found;
}

function taskInput(name: string): TaskInput {
  const input = task.inputs.find((candidate) => candidate.name === name);
  assert.ok(input, `task.json has no input ${name}`);
  return input;
}

describe('vss-extension.json: the Databricks workspace connection type', () => {
  it('contributes exactly one endpoint type, DatabricksWorkspace, to the endpoint types', () => {
    const contribution = endpointType();
    assert.deepEqual(contribution.targets, ['ms.vss-endpoint.endpoint-types']);
    assert.equal(contribution.properties.name, 'DatabricksWorkspace');
    assert.equal(contribution.properties.displayName, 'Databricks workspace');
  });

  it('offers exactly the three schemes the task reads: none, basic and token', () => {
    const types = (endpointType().properties.authenticationSchemes ?? []).map((candidate) => candidate.type);
    assert.deepEqual([...types].sort(), [`${SCHEME}basic`, `${SCHEME}none`, `${SCHEME}token`]);
  });

  it('none (federation) asks for the client id only, which is not confidential', () => {
    const inputs = scheme('none').inputDescriptors;
    assert.deepEqual(inputs.map((input) => input.id), ['clientId']);
    assert.notEqual(inputs[0].isConfidential, true);
  });

  it('basic (OAuth secret) asks for the user name and a confidential password', () => {
    const inputs = scheme('basic').inputDescriptors;
    assert.deepEqual(inputs.map((input) => input.id), ['username', 'password']);
    assert.notEqual(inputs[0].isConfidential, true);
    assert.equal(inputs[1].isConfidential, true);
  });

  it('token asks for a confidential apitoken and sends it as a bearer token', () => {
    const token = scheme('token');
    assert.deepEqual(token.inputDescriptors.map((input) => input.id), ['apitoken']);
    assert.equal(token.inputDescriptors[0].isConfidential, true);
    assert.deepEqual(token.headers, [{ name: 'Authorization', value: 'Bearer {{endpoint.apitoken}}' }]);
  });

  it('has a TestConnection data source against the workspace', () => {
    const sources = endpointType().properties.dataSources ?? [];
    const test = sources.find((source) => source.name === 'TestConnection');
    assert.ok(test, 'no TestConnection data source');
    assert.match(test.endpointUrl ?? '', /^\{\{endpoint\.url\}\}/);
  });

  it('gives every input descriptor help text and makes it required', () => {
    for (const { type, inputDescriptors } of endpointType().properties.authenticationSchemes ?? []) {
      for (const input of inputDescriptors) {
        assert.ok((input.description ?? '').trim().length > 20, `${type} ${input.id} has no help text`);
        assert.equal(input.validation?.isRequired, true, `${type} ${input.id} is not required`);
      }
    }
  });

  it('names an icon that exists as a file', () => {
    const icon = endpointType().properties.icon ?? '';
    assert.notEqual(icon, '');
    assert.ok(fs.statSync(path.join(root, icon)).isFile(), `${icon} is not a file`);
  });
});

describe('task.json: the inputs of authType databricksConnection', () => {
  it('databricksConnection picks a DatabricksWorkspace connection, shown only for that authType', () => {
    const input = taskInput('databricksConnection');
    assert.equal(input.type, 'connectedService:DatabricksWorkspace');
    assert.equal(input.visibleRule, 'authType = databricksConnection');
  });

  it('authType offers databricksConnection', () => {
    assert.ok(Object.keys(taskInput('authType').options ?? {}).includes('databricksConnection'));
  });

  it("databricksHost is not required: a connection's URL stands in for it", () => {
    assert.notEqual(taskInput('databricksHost').required, true);
  });
});
