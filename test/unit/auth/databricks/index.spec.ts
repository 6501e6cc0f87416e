// Specs of the Databricks-native family's entry point: each kind reaches its handler; no Azure DevOps token from it.

import * as assert from 'node:assert/strict';
import { acquireDatabricksTokens } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks';
import { AuthError } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import type { DatabricksSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { rejectionOf } from '../support/authFixture';
import { formOf, jwt, recordedDeps, SP_CLIENT_ID, tokenAnswer, WORKSPACE, type RecordedDeps } from '../support/workspaceDeps';

describe('auth/databricks (family entry point)', () => {
  let recorded: RecordedDeps;
  beforeEach(() => {
    recorded = recordedDeps();
  });

  const sources: Record<DatabricksSource['kind'], DatabricksSource> = {
    databricksOAuthSecret: { kind: 'databricksOAuthSecret', host: WORKSPACE, clientId: SP_CLIENT_ID, clientSecret: 'oauth-secret' },
    databricksFederation: { kind: 'databricksFederation', host: WORKSPACE, clientId: SP_CLIENT_ID, idToken: { kind: 'static', idToken: jwt({ sub: 's' }) } },
    databricksToken: { kind: 'databricksToken', host: WORKSPACE, token: 'dapi-pat' },
  };

  it('an OAuth secret: the client credentials grant', async () => {
    recorded.http.answer(tokenAnswer('dbx-secret'));
    const tokens = await acquireDatabricksTokens(sources.databricksOAuthSecret, { azureDevOps: false }, recorded.deps);
    assert.equal(await tokens.databricks.get(), 'dbx-secret');
    assert.equal(formOf(recorded.http.requests[0]).get('grant_type'), 'client_credentials');
  });

  it('federation: the token exchange', async () => {
    recorded.http.answer(tokenAnswer('dbx-federated'));
    const tokens = await acquireDatabricksTokens(sources.databricksFederation, { azureDevOps: false }, recorded.deps);
    assert.equal(await tokens.databricks.get(), 'dbx-federated');
    assert.equal(formOf(recorded.http.requests[0]).get('grant_type'), 'urn:ietf:params:oauth:grant-type:token-exchange');
  });

  it('a personal access token: used as it is, nothing sent', async () => {
    const tokens = await acquireDatabricksTokens(sources.databricksToken, { azureDevOps: false }, recorded.deps);
    assert.equal(await tokens.databricks.get(), 'dapi-pat');
    assert.equal(recorded.http.requests.length, 0);
  });

  for (const source of Object.values(sources)) {
    it(`${source.kind}: an Azure DevOps token is refused with an AuthError, before any request or secret`, async () => {
      const error = await rejectionOf(acquireDatabricksTokens(source, { azureDevOps: true }, recorded.deps));
      assert.ok(error instanceof AuthError, String(error));
      assert.match(error.message, /An Azure DevOps token needs a Microsoft Entra sign-in, not a Databricks workspace connection/);
      assert.deepEqual(recorded.events, []);
    });
  }
});
