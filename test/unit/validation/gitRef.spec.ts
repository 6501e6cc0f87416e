// Specs of the ref to check out: branch/tag inputs, their exclusion, and the pipeline's own ref.

import * as assert from 'node:assert/strict';
import {
  refFromFullName,
  refFromPipeline,
  refNameProblem,
  resolveRef,
} from '../../../tasks/DatabricksRepoSyncV1/src/validation/gitRef';

describe('validation/gitRef', () => {
  describe('refFromFullName', () => {
    it('reads branches (with slashes) and tags', () => {
      assert.deepEqual(refFromFullName('refs/heads/feature/a/b'), { kind: 'branch', name: 'feature/a/b' });
      assert.deepEqual(refFromFullName('refs/tags/v1.2'), { kind: 'tag', name: 'v1.2' });
    });

    it('knows nothing else', () => {
      assert.equal(refFromFullName('refs/pull/7/merge'), undefined);
      assert.equal(refFromFullName('main'), undefined);
      assert.equal(refFromFullName('refs/heads/'), undefined);
    });
  });

  describe('refNameProblem', () => {
    it('accepts ordinary names', () => {
      for (const name of ['main', 'feature/x-1', 'release/2026.05', 'v1.0.0']) assert.equal(refNameProblem(name), undefined);
    });

    it('rejects what git rejects', () => {
      for (const name of ['a b', 'a..b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', '/a', 'a/', 'a//b', 'a.', '.a', 'a.lock', '@', 'a@{1}']) {
        assert.ok(refNameProblem(name), name);
      }
    });
  });

  describe('resolveRef', () => {
    const pipeline = { sourceBranch: 'refs/heads/main' };

    it('takes the branch input, also as a full ref', () => {
      assert.deepEqual(resolveRef('dev', undefined, pipeline), { input: 'branch', checked: { ok: true, value: { kind: 'branch', name: 'dev' } } });
      assert.deepEqual(resolveRef('refs/heads/a/b', undefined, pipeline).checked, { ok: true, value: { kind: 'branch', name: 'a/b' } });
    });

    it('takes the tag input, also as a full ref', () => {
      assert.deepEqual(resolveRef(undefined, 'v1', pipeline), { input: 'tag', checked: { ok: true, value: { kind: 'tag', name: 'v1' } } });
      assert.deepEqual(resolveRef(undefined, 'refs/tags/v2', pipeline).checked, { ok: true, value: { kind: 'tag', name: 'v2' } });
    });

    it('rejects branch and tag together', () => {
      const resolved = resolveRef('main', 'v1', pipeline);
      assert.equal(resolved.input, 'branch');
      assert.deepEqual(resolved.checked, { ok: false, problems: ["'main' and tag 'v1' are both set. Set only one of them."] });
    });

    it('rejects a tag ref given as branch and the other way round', () => {
      const asBranch = resolveRef('refs/tags/v1', undefined, pipeline);
      assert.ok(!asBranch.checked.ok && /is a tag ref/.test(asBranch.checked.problems[0]));
      const asTag = resolveRef(undefined, 'refs/heads/main', pipeline);
      assert.equal(asTag.input, 'tag');
      assert.ok(!asTag.checked.ok && /is a branch ref/.test(asTag.checked.problems[0]));
    });

    it('rejects an invalid name', () => {
      const resolved = resolveRef('my branch', undefined, pipeline);
      assert.ok(!resolved.checked.ok && /not a valid Git branch name/.test(resolved.checked.problems[0]));
    });

    it('falls back to the pipeline ref', () => {
      assert.deepEqual(resolveRef(undefined, undefined, pipeline), { input: 'branch', checked: { ok: true, value: { kind: 'branch', name: 'main' } } });
    });
  });

  describe('refFromPipeline', () => {
    it('uses Build.SourceBranch outside pull requests', () => {
      const checked = refFromPipeline({ buildReason: 'IndividualCI', sourceBranch: 'refs/tags/v3', pullRequestSourceBranch: 'refs/heads/x' });
      assert.deepEqual(checked, { ok: true, value: { kind: 'tag', name: 'v3' } });
    });

    it("uses the pull request's source branch", () => {
      const checked = refFromPipeline({
        buildReason: 'PullRequest',
        sourceBranch: 'refs/pull/12/merge',
        pullRequestSourceBranch: 'refs/heads/users/me/fix',
      });
      assert.deepEqual(checked, { ok: true, value: { kind: 'branch', name: 'users/me/fix' } });
    });

    it('takes the bare source branch name of a GitHub pull request as a branch', () => {
      const checked = refFromPipeline({ buildReason: 'PullRequest', sourceBranch: 'refs/pull/7/merge', pullRequestSourceBranch: 'feature/x' });
      assert.deepEqual(checked, { ok: true, value: { kind: 'branch', name: 'feature/x' } });
      const outsidePullRequest = refFromPipeline({ sourceBranch: 'feature/x' });
      assert.ok(!outsidePullRequest.ok, 'a bare Build.SourceBranch is still not a ref');
    });

    it('fails on a ref that is neither branch nor tag, saying to set branch or tag', () => {
      const checked = refFromPipeline({ sourceBranch: 'refs/pull/12/merge' });
      assert.ok(!checked.ok);
      if (!checked.ok) {
        assert.match(checked.problems[0], /'refs\/pull\/12\/merge' \(Build\.SourceBranch\)/);
        assert.match(checked.problems[0], /Set the branch or tag input/);
      }
    });

    it('fails when the variable is empty', () => {
      const checked = refFromPipeline({ buildReason: 'PullRequest', sourceBranch: 'refs/heads/main' });
      assert.ok(!checked.ok && /System\.PullRequest\.SourceBranch is empty/.test(checked.problems[0]));
    });
  });
});
