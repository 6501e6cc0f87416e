// Tests for rendering a run as the pipeline log view shows it.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderPipelineLog } from '../../e2e/agent/render';
import type { OutputLine } from '../../e2e/agent/taskOutput';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const taskFolder = makeTempFolder('render-spec-');

function runWith(lines: OutputLine[], systemDebug = false): Parameters<typeof renderPipelineLog>[0] {
  const restrictions = { settableVariables: { allowed: ['databricksToken', 'repoId'] } };
  fs.writeFileSync(path.join(taskFolder, 'task.json'), JSON.stringify({ friendlyName: 'Databricks Repo Sync', restrictions }));
  return { lines, knownSecrets: ['known-secret'], systemDebug, taskFolder, agentResult: 'Succeeded' };
}

const lines: OutputLine[] = [
  { stream: 'stdout', text: 'Signed in as app (known-secret)' },
  { stream: 'stdout', text: '##vso[task.debug]GET /api/2.0/repos 200' },
  { stream: 'stdout', text: '##vso[task.setsecret]tok' },
  { stream: 'stdout', text: '##vso[task.setvariable variable=databricksToken;isOutput=true;issecret=true;]tok' },
  { stream: 'stdout', text: '##vso[task.setvariable variable=repoId;isOutput=true;issecret=false;]42' },
  { stream: 'stdout', text: '##vso[task.setvariable variable=other;]x' },
  { stream: 'stdout', text: '##vso[task.issue type=warning;]two%0Alines' },
  { stream: 'stderr', text: '##vso[task.issue type=error;]failed with tok' },
  { stream: 'stdout', text: '##vso[task.uploadsummary]/tmp/x/summary.md' },
  { stream: 'stdout', text: '##vso[task.complete result=Succeeded;]ok' },
];

describe('e2e agent: render', () => {
  after(() => removeTempFolder(taskFolder));

  it('renders commands as the log view shows them, secrets masked', () => {
    assert.deepEqual(renderPipelineLog(runWith(lines)), [
      '##[section]Starting: Databricks Repo Sync',
      'Signed in as app (***)',
      "Setting output variable 'databricksToken' (secret) = '***'",
      "Setting output variable 'repoId' = '42'",
      "##[warning]Setting variable 'other' has been disabled by the task or build definition.",
      '##[warning]two',
      '##[warning]lines',
      '##[error]failed with ***',
      'Uploaded summary: summary.md',
      '##[section]Finishing: Databricks Repo Sync (Succeeded)',
    ]);
  });

  it('shows debug lines only with System.Debug, unless asked', () => {
    assert.ok(renderPipelineLog(runWith(lines, true)).includes('##[debug]GET /api/2.0/repos 200'));
    assert.ok(!renderPipelineLog(runWith(lines, true), { showDebug: false }).some((line) => line.startsWith('##[debug]')));
  });
});
