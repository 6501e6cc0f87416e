// Specs of the repoPath rules of SPEC §4.3.

import * as assert from 'node:assert/strict';
import { checkRepoPath } from '../../../tasks/DatabricksRepoSyncV1/src/validation/repoPath';

describe('validation/repoPath', () => {
  for (const [input, expected] of [
    ['/Repos/ci/my-repo', '/Repos/ci/my-repo'],
    ['/Repos/ci/my-repo/', '/Repos/ci/my-repo'],
    ['/Workspace/Repos/ci/my-repo', '/Repos/ci/my-repo'],
    ['/Workspace/Shared/team/my-repo', '/Shared/team/my-repo'],
    ['/Users/sp@example.com/deep/er/repo', '/Users/sp@example.com/deep/er/repo'],
    ['  /Shared/repo  ', '/Shared/repo'],
  ] as const) {
    it(`normalises '${input}' to '${expected}'`, () => {
      assert.deepEqual(checkRepoPath(input), { ok: true, value: expected });
    });
  }

  for (const [input, pattern] of [
    ['Repos/ci/repo', /is not absolute/],
    ['/', /workspace root/],
    ['/Workspace', /workspace root/],
    ['/Workspace/', /workspace root/],
    ['/Shared//repo', /an empty segment/],
    ['/Shared/repo//', /an empty segment/],
    ['/Shared/./repo', /a '\.' segment/],
    ['/Shared/../repo', /a '\.\.' segment/],
    ['/Repos/repo', /exactly \/Repos\/<folder>\/<name>/],
    ['/Repos/a/b/c', /exactly \/Repos\/<folder>\/<name>/],
    ['/Workspace/Repos/a', /exactly \/Repos\/<folder>\/<name>/],
    ['/Shared\\repo', /backslash/],
  ] as const) {
    it(`rejects '${input}'`, () => {
      const checked = checkRepoPath(input);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], pattern);
    });
  }
});
