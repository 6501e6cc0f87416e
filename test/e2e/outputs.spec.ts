// End-to-end: what a run publishes (SPEC §3, §5): every output variable with isOutput, the Entra tokens only with
// exportTokens and only as masked secrets, the run summary for create/update/dry run, and the run's result.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AZURE_DEVOPS_RESOURCE, DATABRICKS_RESOURCE } from '../emulator';
import {
  assertSucceeded,
  credentialsOf,
  folderAt,
  liveTokenClaim,
  remoteHead,
  seedFolder,
  shown,
  sync,
  uniqueRepoPath,
  type E2eWorld,
  type SyncRecord,
  useWorld,
} from './support/syncScenarios';

const SYNC_OUTPUTS = ['repoId', 'repoPath', 'headCommitId', 'previousCommitId', 'branch', 'tag', 'credentialId', 'changed'];

function declaredOutputs(taskFolder: string): string[] {
  const taskJson = JSON.parse(fs.readFileSync(path.join(taskFolder, 'task.json'), 'utf8')) as { outputVariables?: { name: string }[] };
  return (taskJson.outputVariables ?? []).map((variable) => variable.name);
}

function outputFlags(record: SyncRecord): Record<string, string> {
  return Object.fromEntries([...record.run.outputs].map(([name, v]) => [name, `output=${v.isOutput} secret=${v.isSecret}`]));
}

describe('e2e: outputs and summary', function () {
  this.timeout(60_000);
  let world: E2eWorld;

  useWorld((started) => (world = started));

  it('sets every output of SPEC §3 as an output variable, and no token without exportTokens', async () => {
    const repoPath = uniqueRepoPath('outputs');
    const record = await sync(world, { inputs: { repoPath } });
    assertSucceeded(record);
    const folder = folderAt(world, repoPath);
    assert.ok(folder);
    assert.deepEqual(record.outputs, {
      repoId: folder.id.toString(),
      repoPath,
      headCommitId: remoteHead(world, 'main'),
      previousCommitId: '',
      branch: 'main',
      tag: '',
      credentialId: credentialsOf(world)[0].id.toString(),
      changed: 'true',
    });
    assert.deepEqual(outputFlags(record), Object.fromEntries(SYNC_OUTPUTS.map((name) => [name, 'output=true secret=false'])));
    assert.deepEqual(record.run.rejectedVariables, []);
    const declared = declaredOutputs(record.run.taskFolder);
    for (const name of [...SYNC_OUTPUTS, 'databricksToken', 'azureDevOpsToken']) assert.ok(declared.includes(name), name);
  });

  it('exportTokens publishes both Entra tokens as masked secret outputs (entraToken)', async () => {
    const repoPath = uniqueRepoPath('export');
    seedFolder(world, repoPath);
    const record = await sync(world, { inputs: { repoPath, exportTokens: 'true' } });
    assertSucceeded(record);
    const databricksToken = record.run.outputs.get('databricksToken');
    const azureDevOpsToken = record.run.outputs.get('azureDevOpsToken');
    assert.ok(databricksToken && azureDevOpsToken);
    for (const variable of [databricksToken, azureDevOpsToken]) {
      assert.equal(variable.isSecret, true);
      assert.equal(variable.isOutput, true);
      assert.ok(record.run.secretsRegistered.has(variable.value));
      assert.equal(record.run.maskedLog.includes(variable.value), false, 'masked in the log');
    }
    assert.equal(liveTokenClaim(world, databricksToken.value, 'aud'), DATABRICKS_RESOURCE);
    assert.equal(liveTokenClaim(world, azureDevOpsToken.value, 'aud'), AZURE_DEVOPS_RESOURCE);
    assert.deepEqual(record.run.rejectedVariables, []);
  });

  it('exportTokens with gitCredential federated publishes only the Databricks token', async () => {
    const repoPath = uniqueRepoPath('exportfed');
    seedFolder(world, repoPath);
    const record = await sync(world, { inputs: { repoPath, exportTokens: 'true', gitCredential: 'federated' } });
    assertSucceeded(record);
    assert.equal(record.run.outputs.get('databricksToken')?.isSecret, true);
    assert.equal(record.run.outputs.has('azureDevOpsToken'), false);
  });

  it('attaches a summary for a create, an update and a dry run', async () => {
    const repoPath = uniqueRepoPath('summary');
    const created = await sync(world, { inputs: { repoPath } });
    assertSucceeded(created);
    const folderId = created.outputs.repoId;
    const createSummary = created.run.summaryMarkdown ?? '';
    assert.match(createSummary, /^### Databricks Repo Sync\n/);
    assert.ok(createSummary.includes(`[${repoPath}](`) && createSummary.includes(folderId), createSummary);
    assert.match(createSummary, /\| Git folder \| .* — created \|/);
    assert.match(createSummary, /\| Changed \| yes \|/);

    world.emulator.state.remotes.addCommit(world.seed.repository.url, 'main');
    const updated = await sync(world, { inputs: { repoPath } });
    assertSucceeded(updated);
    const updateSummary = updated.run.summaryMarkdown ?? '';
    assert.match(updateSummary, /\| Git folder \| .* — updated \|/);
    assert.ok(updateSummary.includes(updated.outputs.headCommitId.slice(0, 10)), updateSummary);
    assert.ok(updateSummary.includes(updated.outputs.previousCommitId.slice(0, 10)), updateSummary);

    const unchanged = await sync(world, { inputs: { repoPath } });
    assertSucceeded(unchanged);
    assert.match(unchanged.run.summaryMarkdown ?? '', /— already up to date \|[\s\S]*\| Changed \| no \|/);

    const dry = await sync(world, { inputs: { repoPath, dryRun: 'true', branch: 'dev' } });
    assertSucceeded(dry);
    const drySummary = dry.run.summaryMarkdown ?? '';
    assert.match(drySummary, /^### Databricks Repo Sync — dry run\n/);
    assert.match(drySummary, /\*\*Plan\*\* \(nothing was changed\):\n\n1\. /);
    assert.ok(drySummary.includes(`PATCH /api/2.0/repos/${folderId} (check out branch dev)`), drySummary);
  });

  it('a dry run whose expectedCommit cannot be verified ends SucceededWithIssues', async () => {
    const repoPath = uniqueRepoPath('dryexpected');
    const record = await sync(world, { inputs: { repoPath, dryRun: 'true', expectedCommit: remoteHead(world, 'main') } });
    assert.equal(record.run.agentResult, 'SucceededWithIssues', shown(record.run.maskedLog));
    assert.deepEqual(record.run.errors, []);
    const expectedWarnings = record.run.warnings.filter((warning) => /expectedCommit .* cannot be verified in a dry run/.test(warning));
    assert.equal(expectedWarnings.length, 1, shown(record.run.warnings));
    assert.match(record.run.summaryMarkdown ?? '', /\*\*Warnings\*\*/);
    assert.equal(folderAt(world, repoPath), undefined);
  });

  it('a dry run whose folder is already at expectedCommit ends Succeeded without warnings', async () => {
    const repoPath = uniqueRepoPath('dryverified');
    const folder = seedFolder(world, repoPath);
    const record = await sync(world, { inputs: { repoPath, dryRun: 'true', expectedCommit: folder.headCommitId } });
    assertSucceeded(record);
    assert.deepEqual(record.run.warnings, []);
  });
});
