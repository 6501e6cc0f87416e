// Specs of expectedCommit: full SHA-1 or SHA-256 ids, lower-cased.

import * as assert from 'node:assert/strict';
import { checkCommitId } from '../../../tasks/DatabricksRepoSyncV1/src/validation/commitId';

describe('validation/commitId', () => {
  it('accepts a full SHA-1 id and lower-cases it', () => {
    const id = 'ABCDEF0123456789abcdef0123456789ABCDEF01';
    assert.deepEqual(checkCommitId(` ${id} `), { ok: true, value: id.toLowerCase() });
  });

  it('accepts a SHA-256 id', () => {
    assert.equal(checkCommitId('a'.repeat(64)).ok, true);
  });

  for (const text of ['abc1234', 'g'.repeat(40), 'a'.repeat(41), '$(Build.SourceVersion)']) {
    it(`rejects '${text}'`, () => {
      const checked = checkCommitId(text);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], /not a full commit id/);
    });
  }
});
