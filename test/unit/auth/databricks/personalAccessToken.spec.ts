// Specs of the personal access token sign-in: the token used as it is, masked, with one line recommending OAuth.

import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { acquireWithPersonalAccessToken } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks/personalAccessToken';
import type { DatabricksSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { recordedDeps, WORKSPACE, type RecordedDeps } from '../support/workspaceDeps';

const PAT = 'dapi0123456789abcdef0123456789abcdef';

describe('auth/databricks/personalAccessToken', () => {
  let recorded: RecordedDeps;
  let clock: sinon.SinonFakeTimers | undefined;
  beforeEach(() => {
    recorded = recordedDeps();
  });
  afterEach(() => clock?.restore());

  const source: DatabricksSource = { kind: 'databricksToken', host: WORKSPACE, token: PAT };

  it('hands out the token as it is, without any request', async () => {
    const tokens = await acquireWithPersonalAccessToken(source, { azureDevOps: false }, recorded.deps);

    assert.equal(await tokens.databricks.get(), PAT);
    assert.equal(recorded.http.requests.length, 0);
    assert.equal(tokens.azureDevOps, undefined);
    assert.equal(tokens.clientId, undefined);
  });

  it('registers the token as a secret', async () => {
    await acquireWithPersonalAccessToken(source, { azureDevOps: false }, recorded.deps);
    assert.deepEqual(recorded.secrets, [PAT]);
  });

  it('logs one info line recommending an OAuth secret or workload identity federation, without the token', async () => {
    const tokens = await acquireWithPersonalAccessToken(source, { azureDevOps: false }, recorded.deps);
    await tokens.databricks.get();

    assert.equal(recorded.logs.length, 1);
    assert.match(recorded.logs[0], /^info: A personal access token is a long-lived secret: Databricks recommends an OAuth secret or, .*workload identity federation/);
    assert.ok(!recorded.logs[0].includes(PAT));
  });

  it('is never refreshed: the same token years later, still without a request or another log line', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    const tokens = await acquireWithPersonalAccessToken(source, { azureDevOps: false }, recorded.deps);

    clock.tick(10 * 365 * 24 * 3600 * 1000);

    assert.equal(await tokens.databricks.get(), PAT);
    assert.equal(recorded.http.requests.length, 0);
    assert.equal(recorded.logs.length, 1);
    assert.deepEqual(recorded.secrets, [PAT]);
  });
});
