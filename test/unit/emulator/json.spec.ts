// The emulator's small pure helpers: int64-exact JSON text, remote URL normalisation, workspace path rules.

import * as assert from 'node:assert/strict';
import { canonicalPath } from '../../emulator/databricks/paths';
import { parseJsonText, toJsonText } from '../../emulator/json';
import { azureDevOpsOrganizationOf, normaliseRemoteUrl } from '../../emulator/remotes';

describe('emulator: JSON, remote URLs and workspace paths', () => {
  it('writes bigint ids as exact JSON numbers and reads long integers back as exact strings', () => {
    const id = 1234567890123456789n;
    assert.equal(toJsonText({ id, name: 'x', skipped: undefined, list: [1, null] }), '{"id":1234567890123456789,"name":"x","list":[1,null]}');
    assert.deepEqual(parseJsonText('{"id": 1234567890123456789, "small": 42, "text": "9999999999999999999"}'), {
      id: '1234567890123456789',
      small: 42,
      text: '9999999999999999999',
    });
  });

  it('normalises remote URLs: host case, user info, trailing .git and slash', () => {
    const spellings = ['https://org@Dev.Azure.com/org/p/_git/r.git', 'https://dev.azure.com/org/p/_git/r/', 'https://dev.azure.com/org/p/_git/r'];
    assert.deepEqual(new Set(spellings.map(normaliseRemoteUrl)), new Set(['https://dev.azure.com/org/p/_git/r']));
    assert.equal(azureDevOpsOrganizationOf('https://contoso.visualstudio.com/p/_git/r'), 'contoso');
    assert.equal(azureDevOpsOrganizationOf('https://github.com/a/b'), undefined);
  });

  it('treats /Workspace/x as /x and refuses relative paths and dot segments', () => {
    assert.equal(canonicalPath('/Workspace/Repos/a/b/'), '/Repos/a/b');
    assert.equal(canonicalPath('/Workspace'), '/');
    assert.equal(canonicalPath('Repos/a'), undefined);
    assert.equal(canonicalPath('/Repos/../x'), undefined);
  });
});
