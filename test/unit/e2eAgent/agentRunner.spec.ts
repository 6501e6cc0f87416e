// Runs throwaway fake tasks built on the real azure-pipelines-task-lib through the e2e agent and checks the TaskRun.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTask, type TaskRun } from '../../e2e/agent/agentRunner';
import { findLeaks } from '../../e2e/agent/masking';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const TASK_LIB = path.resolve(__dirname, '../../../node_modules/azure-pipelines-task-lib/task.js');
const ENDPOINT_ID = '0f0e0d0c-1111-4222-8333-444455556666';

const taskJson = {
  inputs: [
    { name: 'greeting', type: 'string' },
    { name: 'mode', type: 'pickList', defaultValue: 'fast' },
    { name: 'connection', type: 'connectedService:AzureRM' },
  ],
  execution: { Node20_1: { target: 'index.js' } },
  restrictions: { settableVariables: { allowed: ['token', 'repoId'] } },
};

// Reads inputs, an endpoint and a secret variable; leaks one value before registering it; sets a secret output.
const fakeTask = `
const tl = require(${JSON.stringify(TASK_LIB)});
const fs = require('fs');
const path = require('path');
const greeting = tl.getInput('greeting', true);
const mode = tl.getInput('mode', true);
const connection = tl.getInput('connection', true);
const auth = tl.getEndpointAuthorization(connection, false);
console.log('greeting=' + greeting + ' mode=' + mode + ' cwd=' + process.cwd());
console.log('key=' + auth.parameters.serviceprincipalkey + ' idToken=' + auth.parameters.idToken);
console.log('variable secret=' + tl.getVariable('mySecret'));
const token = 'tok-' + greeting;
console.log('early ' + token);
tl.setSecret(token);
console.error('stderr ' + token);
tl.debug('debug line');
tl.warning('careful; 100% ]sure');
tl.setVariable('token', token, true, true);
tl.setVariable('repoId', '123', false, true);
tl.setVariable('notAllowed', 'x', false, true);
const summary = path.join(tl.getVariable('Agent.TempDirectory'), 'summary.md');
fs.writeFileSync(summary, '# Run\\nall good');
tl.uploadSummary(summary);
tl.setResult(tl.TaskResult.SucceededWithIssues, 'done with one warning');
`;

const folders: string[] = [];

function fakeTaskFolder(script: string): string {
  const folder = makeTempFolder('fake-task-');
  folders.push(folder);
  fs.writeFileSync(path.join(folder, 'task.json'), JSON.stringify(taskJson));
  fs.writeFileSync(path.join(folder, 'index.js'), script);
  return folder;
}

describe('e2e agent: agentRunner', function () {
  this.timeout(30_000);
  let run: TaskRun;

  after(() => {
    for (const folder of folders) removeTempFolder(folder);
  });

  before(async () => {
    run = await runTask({
      taskFolder: fakeTaskFolder(fakeTask),
      inputs: { greeting: 'hello', connection: ENDPOINT_ID },
      endpoints: [
        {
          id: ENDPOINT_ID,
          scheme: 'WorkloadIdentityFederation',
          parameters: { serviceprincipalid: 'app', tenantid: 't', serviceprincipalkey: 'spkey-1', idToken: 'eyJ-id-token' },
        },
      ],
      secretVariables: { mySecret: 'var-secret-1' },
      systemDebug: true,
    });
  });

  it('reports the result, the exit code and the completion message', () => {
    assert.equal(run.exitCode, 0);
    assert.equal(run.result, 'SucceededWithIssues');
    assert.equal(run.agentResult, 'SucceededWithIssues');
    assert.equal(run.completeMessage, 'done with one warning');
    assert.equal(run.timedOut, false);
  });

  it('gives the task its inputs, defaults and working directory as the agent does', () => {
    const line = run.logLines.find((text) => text.startsWith('greeting='));
    assert.ok(line);
    assert.match(line, /^greeting=hello mode=fast cwd=.*repo-sync-agent-.*\/s$/);
    assert.equal(run.inputs['mode'], 'fast');
  });

  it('parses outputs with their secret and output flags', () => {
    assert.deepEqual(run.outputs.get('token'), { value: 'tok-hello', isSecret: true, isOutput: true });
    assert.deepEqual(run.outputs.get('repoId'), { value: '123', isSecret: false, isOutput: true });
    assert.ok(run.secretsRegistered.has('tok-hello'));
    assert.deepEqual(run.rejectedVariables, ['notAllowed']);
    assert.equal(run.outputs.has('notAllowed'), false);
  });

  it('collects warnings with their escapes undone, debug lines, and errors', () => {
    assert.deepEqual(run.warnings, [
      'careful; 100% ]sure',
      "Setting variable 'notAllowed' has been disabled by the task or build definition.",
      'done with one warning',
    ]);
    assert.deepEqual(run.errors, []);
    assert.ok(run.debugLines.includes('debug line'));
  });

  it('reads the uploaded summary before the job folder is removed', () => {
    assert.equal(run.summaryMarkdown, '# Run\nall good');
    assert.equal(fs.existsSync(run.jobFolder), false);
  });

  it('masks what the agent knows and what the task registered, after it was registered', () => {
    assert.match(run.maskedLog, /key=\*\*\* idToken=eyJ-id-token/);
    assert.match(run.maskedLog, /variable secret=\*\*\*/);
    assert.match(run.maskedLog, /early tok-hello/);
    assert.match(run.maskedLog, /stderr \*\*\*/);
    assert.ok(run.rawStderr.includes('stderr tok-hello'));
  });

  it('finds the leaks: a token printed before setSecret and an idToken the agent does not mask', () => {
    const leaks = findLeaks(run, ['tok-hello', 'eyJ-id-token', 'spkey-1', 'var-secret-1', run.systemAccessToken]);
    assert.deepEqual(leaks, ['tok-hello', 'eyJ-id-token']);
  });

  it('reports Failed when the process exits non-zero without task.complete', async () => {
    const failed = await runTask({ taskFolder: fakeTaskFolder('console.log("bye"); process.exit(3);') });
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.result, undefined);
    assert.equal(failed.agentResult, 'Failed');
    assert.deepEqual(failed.logLines, ['bye']);
  });

  it('kills a task that runs past its timeout', async () => {
    const hung = await runTask({ taskFolder: fakeTaskFolder('setInterval(() => {}, 1000);'), timeoutMs: 300 });
    assert.equal(hung.timedOut, true);
    assert.equal(hung.agentResult, 'Failed');
  });
});
