// The emulator's id knob: startIdsAt() renumbers a fresh workspace from a small id and refuses once anything exists.

import * as assert from 'node:assert/strict';
import { DatabricksWorkspace } from '../../emulator/databricks/workspaceState';
import { RemoteRepositories } from '../../emulator/remotes';

describe('emulator: workspace ids', () => {
  it('start above 2^53 by default, as Databricks ids do', () => {
    const workspace = new DatabricksWorkspace(new RemoteRepositories());
    assert.ok(workspace.nextId() > BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('startIdsAt() renumbers the top-level folders and draws every later id from there', () => {
    const workspace = new DatabricksWorkspace(new RemoteRepositories());
    workspace.startIdsAt(1001n);
    const topLevel = [...workspace.objects.values()].map((object) => object.objectId);
    assert.deepEqual(topLevel, [1001n, 1002n, 1003n, 1004n]);
    assert.equal(workspace.addServicePrincipal('app').id, 1005n);
  });

  it('startIdsAt() refuses once anything was seeded, and a non-positive start', () => {
    const seeded = new DatabricksWorkspace(new RemoteRepositories());
    seeded.addDirectory('/Users/someone');
    assert.throws(() => seeded.startIdsAt(1001n), /fresh workspace/);
    assert.throws(() => new DatabricksWorkspace(new RemoteRepositories()).startIdsAt(0n), /positive id/);
  });
});
