// An agent configured with its own certificate authority (--sslcacert → Agent.CAInfo): the task trusts it for every
// request (Entra, Azure DevOps, Databricks) without NODE_EXTRA_CA_CERTS.
import assert from 'node:assert/strict';
import { pipelineVariables } from './support/fixture';
import { assertSucceeded, oneError, sync, uniqueRepoPath, useWorld, type E2eWorld } from './support/syncScenarios';

describe("e2e: the agent's certificate authority", function () {
  this.timeout(60_000);
  let world: E2eWorld;
  useWorld((started) => (world = started));

  it('trusts the CA file the agent names in Agent.CAInfo', async () => {
    const record = await sync(world, {
      caFile: undefined,
      inputs: { repoPath: uniqueRepoPath('agent-ca') },
      variables: { ...pipelineVariables(world), 'Agent.CAInfo': world.emulator.caFile },
    });
    assertSucceeded(record);
  });

  it('without it (and without NODE_EXTRA_CA_CERTS) the emulator is not trusted: the test above is not vacuous', async () => {
    const record = await sync(world, { caFile: undefined, inputs: { repoPath: uniqueRepoPath('no-ca') } });
    assert.equal(record.run.agentResult, 'Failed');
    assert.match(oneError(record), /certificate|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO/i);
  });
});
