// Specs of the Git provider: the input, or for auto the provider of a well-known host.

import * as assert from 'node:assert/strict';
import { checkGitProvider, providerOfHost } from '../../../tasks/DatabricksRepoSyncV1/src/validation/gitProvider';

describe('validation/gitProvider', () => {
  for (const [host, provider] of [
    ['dev.azure.com', 'azureDevOpsServices'],
    ['contoso.visualstudio.com', 'azureDevOpsServices'],
    ['github.com', 'gitHub'],
    ['GitLab.com', 'gitLab'],
    ['bitbucket.org', 'bitbucketCloud'],
  ] as const) {
    it(`knows ${host} as ${provider}`, () => {
      assert.equal(providerOfHost(host), provider);
    });
  }

  it('does not guess other hosts', () => {
    for (const host of ['github.contoso.com', 'visualstudio.com', 'notgithub.com', 'gitlab.internal']) {
      assert.equal(providerOfHost(host), undefined, host);
    }
  });

  it('detects the provider for auto or an empty input', () => {
    assert.deepEqual(checkGitProvider('auto', 'https://github.com/o/r'), { ok: true, value: 'gitHub' });
    assert.deepEqual(checkGitProvider(undefined, 'https://dev.azure.com/o/p/_git/r'), { ok: true, value: 'azureDevOpsServices' });
  });

  it('asks for gitProvider on an unknown host', () => {
    const checked = checkGitProvider('auto', 'https://git.contoso.com/o/r');
    assert.equal(checked.ok, false);
    if (!checked.ok) {
      assert.match(checked.problems[0], /'git\.contoso\.com'/);
      assert.match(checked.problems[0], /Set gitProvider to one of azureDevOpsServices, gitHub, gitHubEnterprise/);
    }
  });

  it('takes an explicit provider whatever the host, in any case', () => {
    assert.deepEqual(checkGitProvider('gitHubEnterprise', 'https://git.contoso.com/o/r'), { ok: true, value: 'gitHubEnterprise' });
    assert.deepEqual(checkGitProvider('BITBUCKETSERVER', undefined), { ok: true, value: 'bitbucketServer' });
  });

  it('rejects an unknown provider name', () => {
    const checked = checkGitProvider('codecommit', 'https://github.com/o/r');
    assert.ok(!checked.ok && /'codecommit' is not one of auto, azureDevOpsServices/.test(checked.problems[0]));
  });

  it('adds no problem of its own for auto when repoUrl was invalid', () => {
    assert.deepEqual(checkGitProvider('auto', undefined), { ok: false, problems: [] });
  });
});
