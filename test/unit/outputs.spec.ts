// Output variables and the attached run summary.
import * as assert from 'node:assert/strict';
import { attachRunSummary, publishOutputs } from '../../tasks/DatabricksRepoSyncV1/src/outputs';
import { FakeAgent } from './support/fakeAgent';
import { createdResult } from './support/syncResults';

describe('publishOutputs', () => {
  it('sets every output of SPEC §3 with int64 ids as exact strings and no token outputs by default', () => {
    const agent = new FakeAgent();
    publishOutputs(agent, createdResult(), undefined);
    assert.deepEqual([...agent.outputs.keys()], ['repoId', 'repoPath', 'headCommitId', 'previousCommitId', 'branch', 'tag', 'credentialId', 'changed']);
    assert.equal(agent.outputs.get('repoId')!.value, '1234567890123456789');
    assert.equal(agent.outputs.get('credentialId')!.value, '9223372036854775807');
    assert.equal(agent.outputs.get('changed')!.value, 'true');
    assert.equal(agent.outputs.get('previousCommitId')!.value, '');
  });

  it('publishes the tokens as secret outputs with exportTokens', () => {
    const agent = new FakeAgent();
    publishOutputs(agent, createdResult(), { databricks: 'db-token', azureDevOps: 'ado-token' });
    assert.deepEqual(agent.outputs.get('databricksToken'), { value: 'db-token', isSecret: true });
    assert.deepEqual(agent.outputs.get('azureDevOpsToken'), { value: 'ado-token', isSecret: true });
  });

  it('leaves azureDevOpsToken out when no Azure DevOps token was needed', () => {
    const agent = new FakeAgent();
    publishOutputs(agent, createdResult(), { databricks: 'db-token' });
    assert.ok(agent.outputs.has('databricksToken'));
    assert.ok(!agent.outputs.has('azureDevOpsToken'));
  });
});

describe('attachRunSummary', () => {
  it('uploads the markdown summary from the agent temp folder', () => {
    const agent = new FakeAgent();
    attachRunSummary(agent, {
      databricksHost: 'https://adb-1.2.azuredatabricks.net',
  identity: "service connection 'prod' (WorkloadIdentityFederation)",
      repoUrl: 'https://dev.azure.com/contoso/data/_git/app',
      gitProvider: 'azureDevOpsServices',
      dryRun: false,
      durationMs: 1000,
      result: createdResult(),
    });
    assert.equal(agent.summaries.length, 1);
    assert.match(agent.summaries[0], /Databricks Repo Sync/);
  });
});
