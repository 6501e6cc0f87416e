// Specs of URL inputs: https only; workspace reduced to its origin, remote normalised, authority host without a path.

import * as assert from 'node:assert/strict';
import {
  checkAuthorityHost,
  checkHttpsUrl,
  checkRemoteUrl,
  checkWorkspaceUrl,
  shownUrl,
} from '../../../tasks/DatabricksRepoSyncV1/src/validation/httpsUrl';
import type { Checked } from '../../../tasks/DatabricksRepoSyncV1/src/validation/checked';

function problemOf<T>(checked: Checked<T>): string {
  assert.equal(checked.ok, false, 'expected a problem');
  return checked.ok ? '' : checked.problems.join(' ');
}

describe('validation/httpsUrl', () => {
  describe('checkHttpsUrl', () => {
    it('parses an https URL', () => {
      const checked = checkHttpsUrl('https://example.com/a', 'Expected x');
      assert.ok(checked.ok && checked.value.hostname === 'example.com');
    });

    it('rejects other schemes and text that is not a URL, with the hint', () => {
      assert.match(problemOf(checkHttpsUrl('http://x', 'Expected x')), /^'http:\/\/x' is not an https:\/\/ URL\. Expected x\.$/);
      assert.match(problemOf(checkHttpsUrl('adb-1.azuredatabricks.net', 'Expected x')), /is not an https:\/\/ URL/);
      assert.match(problemOf(checkHttpsUrl('https://exa mple.com', 'Expected x')), /is not a valid URL/);
    });
  });

  describe('checkWorkspaceUrl', () => {
    it('reduces the workspace URL to its origin, ignoring path, query and fragment', () => {
      const url = 'https://ADB-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#folder/1';
      assert.deepEqual(checkWorkspaceUrl(url), { ok: true, value: 'https://adb-1234567890123456.7.azuredatabricks.net' });
      assert.deepEqual(checkWorkspaceUrl('https://adb-1.2.azuredatabricks.net/'), {
        ok: true,
        value: 'https://adb-1.2.azuredatabricks.net',
      });
    });

    it('keeps a non-default port', () => {
      assert.deepEqual(checkWorkspaceUrl('https://127.0.0.1:8443'), { ok: true, value: 'https://127.0.0.1:8443' });
    });

    it('rejects http with the workspace example', () => {
      assert.equal(
        problemOf(checkWorkspaceUrl('http://x')),
        "'http://x' is not an https:// URL. Expected the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net.",
      );
    });
  });

  describe('checkRemoteUrl', () => {
    it('strips the user info Build.Repository.Uri carries', () => {
      assert.deepEqual(checkRemoteUrl('https://org@dev.azure.com/org/Project/_git/repo'), {
        ok: true,
        value: 'https://dev.azure.com/org/Project/_git/repo',
      });
    });

    it('lower-cases the host and drops a trailing slash', () => {
      assert.deepEqual(checkRemoteUrl('https://GitHub.com/Owner/Repo/'), { ok: true, value: 'https://github.com/Owner/Repo' });
    });

    it('rejects a host without a repository', () => {
      assert.match(problemOf(checkRemoteUrl('https://github.com/')), /names a host but no repository/);
    });

    it('rejects ssh and http remotes', () => {
      assert.match(problemOf(checkRemoteUrl('git@github.com:o/r.git')), /is not an https:\/\/ URL/);
      assert.match(problemOf(checkRemoteUrl('http://github.com/o/r')), /is not an https:\/\/ URL/);
    });

    it('never shows a token from the user info', () => {
      const problem = problemOf(checkRemoteUrl('http://user:ghp_secret@github.com/o/r'));
      assert.ok(!problem.includes('ghp_secret'), problem);
      assert.ok(problem.includes('***@github.com'), problem);
    });
  });

  describe('checkAuthorityHost', () => {
    it('accepts a host and gives its origin', () => {
      assert.deepEqual(checkAuthorityHost('https://login.microsoftonline.us/'), {
        ok: true,
        value: 'https://login.microsoftonline.us',
      });
    });

    it('rejects a path (the tenant goes in tenantId)', () => {
      assert.match(problemOf(checkAuthorityHost('https://login.microsoftonline.com/contoso.com')), /has a path or query/);
    });

    it('rejects http', () => {
      assert.match(problemOf(checkAuthorityHost('http://login.microsoftonline.com')), /is not an https:\/\/ URL/);
    });
  });

  it('hides user info, query and fragment when showing a URL, whatever its shape', () => {
    assert.equal(shownUrl('https://a:b@host/x'), "'https://***@host/x'");
    assert.equal(shownUrl('https://host/x@y'), "'https://host/x@y'");
    assert.equal(shownUrl('user:ghp_secret1234@github.com/org/repo'), "'***@github.com/org/repo'");
    assert.equal(shownUrl('https:/user:ghp_secret1234@github.com/org/repo'), "'https:/***@github.com/org/repo'");
    assert.equal(shownUrl('https://github.com/org/repo?private_token=abc#x'), "'https://github.com/org/repo?***#***'");
  });

  it('refuses a repoUrl with a query string or fragment, without showing it', () => {
    const problem = problemOf(checkRemoteUrl('https://gitlab.com/org/repo.git?private_token=glpat-0123456789'));
    assert.match(problem, /has a query string or fragment/);
    assert.doesNotMatch(problem, /glpat/);
    assert.match(problemOf(checkRemoteUrl('https://github.com/org/repo#main')), /query string or fragment/);
  });

  it('never shows the token of a malformed repoUrl in the problem', () => {
    for (const value of ['user:ghp_0123456789abcdef@github.com/org/repo', 'https:/user:ghp_0123456789abcdef@github.com/org/repo', 'ghp_0123456789abcdef@github.com/org/repo', 'http://x:ghp_0123456789abcdef@github.com/org/repo']) {
      assert.doesNotMatch(problemOf(checkRemoteUrl(value)), /ghp_/, value);
    }
  });
});
