// Specs of the sign-in log line (auth/acquireTokens.ts) for the Databricks-native kinds: who signs in where, no secret.

import * as assert from 'node:assert/strict';
import { acquireTokens, signInDescription } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/acquireTokens';
import type { DatabricksSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { jwt, recordedDeps, SP_CLIENT_ID, WORKSPACE } from '../support/workspaceDeps';

const SECRET = 'oauth-secret-value';
const PAT = 'dapi-pat-value';
const ID_TOKEN = jwt({ sub: 'sc://o/p/c' });

describe('auth/acquireTokens: signInDescription for Databricks workspace connections', () => {
  const cases: [DatabricksSource, string, string][] = [
    [
      { kind: 'databricksOAuthSecret', host: WORKSPACE, clientId: SP_CLIENT_ID, clientSecret: SECRET },
      `Signing in to the Databricks workspace ${WORKSPACE} as service principal ${SP_CLIENT_ID} with an OAuth secret`,
      SECRET,
    ],
    [
      { kind: 'databricksFederation', host: WORKSPACE, clientId: SP_CLIENT_ID, idToken: { kind: 'static', idToken: ID_TOKEN } },
      `Signing in to the Databricks workspace ${WORKSPACE} as service principal ${SP_CLIENT_ID} with workload identity federation (the pipeline's ID token)`,
      ID_TOKEN,
    ],
    [{ kind: 'databricksToken', host: WORKSPACE, token: PAT }, `Signing in to the Databricks workspace ${WORKSPACE} with a personal access token`, PAT],
  ];

  for (const [source, line, secret] of cases) {
    it(`${source.kind}: names the workspace (and the service principal), never the secret`, () => {
      const description = signInDescription(source);
      assert.equal(description, line);
      assert.ok(!description.includes(secret));
    });
  }

  it('neutralises a host or client id that would be a logging command', () => {
    const source: DatabricksSource = { kind: 'databricksOAuthSecret', host: 'https://h\n##vso[task.complete]', clientId: '##[error]x', clientSecret: SECRET };
    const description = signInDescription(source);
    assert.doesNotMatch(description, /##(vso)?\[|\n/);
  });

  it('acquireTokens logs the line once for a Databricks kind', async () => {
    const recorded = recordedDeps();
    await acquireTokens(cases[2][0], { azureDevOps: false }, recorded.deps);
    assert.equal(recorded.logs[0], `info: ${cases[2][1]}`);
    assert.equal(recorded.logs.filter((entry) => entry.includes('Signing in')).length, 1);
  });
});
