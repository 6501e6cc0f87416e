// The entry point: the one failure line for each kind of error, and a run that fails validation without loading the rest.
import * as assert from 'node:assert/strict';
import { AuthError } from '../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { DatabricksError } from '../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import { NetworkError } from '../../tasks/DatabricksRepoSyncV1/src/http/types';
import { failureMessage, runTask } from '../../tasks/DatabricksRepoSyncV1/src/index';
import { SyncError } from '../../tasks/DatabricksRepoSyncV1/src/sync/syncError';
import { InputError } from '../../tasks/DatabricksRepoSyncV1/src/validation/inputError';
import { FakeAgent } from './support/fakeAgent';

describe('failureMessage', () => {
  it('passes on the message of errors that already explain the fix', () => {
    assert.equal(failureMessage(new AuthError('AADSTS7000215: wrong secret. Fix: …')), 'AADSTS7000215: wrong secret. Fix: …');
    assert.equal(failureMessage(new DatabricksError('Listing failed: HTTP 401', 'listing', 401, undefined, undefined)), 'Listing failed: HTTP 401');
    assert.equal(failureMessage(new SyncError('not a Git folder')), 'not a Git folder');
    assert.match(failureMessage(new InputError(['branch: and tag are exclusive'])), /branch: and tag are exclusive/);
  });

  it('names the network error code', () => {
    assert.equal(failureMessage(new NetworkError('connect refused', 'ECONNREFUSED', false)), 'A request failed without an answer (ECONNREFUSED): connect refused');
  });

  it('neutralises the text of an unexpected error and never prints the object', () => {
    const error = Object.assign(new Error('boom ##vso[task.setvariable variable=x]y'), { config: { headers: { Authorization: 'Bearer secret-token' } } });
    const message = failureMessage(error);
    assert.match(message, /^Unexpected error: boom /);
    assert.doesNotMatch(message, /##vso\[/);
    assert.doesNotMatch(message, /secret-token/);
  });
});

describe('runTask', () => {
  it('fails with every invalid input named and sets no output', async () => {
    const agent = new FakeAgent({ inputs: { authType: 'serviceConnection', databricksHost: 'http://x', repoPath: 'relative/path', branch: 'main' } });
    await runTask(agent);
    assert.equal(agent.result?.status, 'Failed');
    assert.match(agent.result!.message, /databricksHost/);
    assert.match(agent.result!.message, /repoPath/);
    assert.match(agent.result!.message, /azureSubscription/);
    assert.equal(agent.outputs.size, 0);
  });
});
