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
    ['/Shared/a\u007fb', /control character/],
    ['/Shared/a\u0085b', /control character/],
    ['/Shared/a\u2028b', /line separator/],
    ['/Shared/a\u2029b', /line separator/],
    ['/Shared/a\u009bb', /control character/],
    ['/Shared/   /repo', /a segment of only spaces/],
    ['/Shared/\t/repo', /control character/],
  ] as const) {
    it(`rejects '${input}'`, () => {
      const checked = checkRepoPath(input);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], pattern);
    });
  }

  it('refuses an over-long path without echoing it whole', () => {
    const value = `/Shared/${'x'.repeat(20_000)}`;
    const checked = checkRepoPath(value);
    assert.equal(checked.ok, false);
    if (!checked.ok) {
      assert.match(checked.problems[0], /is 20008 characters long; a workspace path has at most 4096/);
      assert.ok(checked.problems[0].length < 600, `the problem is short: ${checked.problems[0].length} characters`);
    }
  });
});
