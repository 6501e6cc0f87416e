// Specs of the checks of Databricks answers: ids, commit ids and paths in the shape the run relies on, or a failure
// that names the request and the field.

import * as assert from 'node:assert/strict';
import { readCredentialList, readObjectInfo, readRepoInfo, readUpdateAnswer } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/answers';
import { isInt64 } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/json';

const COMMIT = 'a'.repeat(40);
const REPO = { id: '1234567890123456789', path: '/Repos/ci/app', url: 'https://github.com/o/r', provider: 'gitHub', head_commit_id: COMMIT };

function failure(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail('expected a failure');
}

describe('databricks/answers', () => {
  it('reads a Git folder with its commit (SHA-1 or SHA-256)', () => {
    assert.equal(readRepoInfo('reading x', REPO).head_commit_id, COMMIT);
    assert.equal(readRepoInfo('reading x', { ...REPO, head_commit_id: 'b'.repeat(64) }).head_commit_id, 'b'.repeat(64));
    assert.equal(readRepoInfo('reading x', { ...REPO, head_commit_id: undefined }).head_commit_id, undefined);
  });

  it('refuses a commit id or a path that is not one: both become output variables later steps use', () => {
    assert.match(failure(() => readRepoInfo('reading x', { ...REPO, head_commit_id: '$(rm -rf /)' })), /^Reading x failed: the answer's field head_commit_id should be a commit id/);
    assert.match(failure(() => readUpdateAnswer('checking out y', { head_commit_id: 'abc' })), /head_commit_id should be a commit id/);
    assert.match(failure(() => readRepoInfo('reading x', { ...REPO, path: 'Repos/ci/app' })), /field path should be an absolute workspace path/);
    assert.match(failure(() => readRepoInfo('reading x', { ...REPO, path: '/Repos/ci/app\nforged' })), /field path should be an absolute workspace path/);
  });

  it('takes ids as int64 only: no leading zero, nothing above 2^63 − 1', () => {
    assert.match(failure(() => readRepoInfo('reading x', { ...REPO, id: '007' })), /field id should be an id/);
    assert.match(failure(() => readObjectInfo('looking up x', { object_id: '9999999999999999999', object_type: 'REPO' })), /field object_id should be an id/);
    assert.match(failure(() => readCredentialList('listing', { credentials: [{ credential_id: '01', git_provider: 'gitHub' }] })), /credentials\[0\]\.credential_id should be an id/);
    assert.equal(isInt64('9223372036854775807'), true);
    assert.equal(isInt64('9223372036854775808'), false);
    assert.equal(isInt64('0'), true);
    assert.equal(isInt64('00'), false);
  });
});
