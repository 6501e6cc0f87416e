// Specs of credentials in URL-like inputs: every shape of user info found, only the secret part registered.

import * as assert from 'node:assert/strict';
import { findUserInfo, redactUrl, urlSecrets } from '../../tasks/DatabricksRepoSyncV1/src/urlCredentials';

const TOKEN = 'ghp_0123456789abcdefABCDEF';

describe('urlCredentials', () => {
  describe('urlSecrets', () => {
    it('finds the token in every shape of user info: with a scheme, one slash, no scheme, token only', () => {
      const shapes = [
        `https://user:${TOKEN}@github.com/org/repo`,
        `https:/user:${TOKEN}@github.com/org/repo`,
        `https:user:${TOKEN}@github.com/org/repo`,
        `user:${TOKEN}@github.com/org/repo`,
        `${TOKEN}@github.com/org/repo`,
        `https://${TOKEN}@github.com/org/repo`,
        `http:\\\\user:${TOKEN}@github.com\\org`,
      ];
      for (const shape of shapes) assert.deepEqual(urlSecrets(shape), [TOKEN], shape);
    });

    it('registers the password, never a short user name', () => {
      assert.deepEqual(urlSecrets(`https://e:${TOKEN}@github.com/o/r`), [TOKEN]);
      assert.deepEqual(urlSecrets('https://e@github.com/o/r'), [], 'a short user name alone is a name');
    });

    it('takes the last @ of the authority, so a password may hold @', () => {
      assert.deepEqual(urlSecrets('https://user:p@ss-word@host.example/x'), ['p@ss-word']);
      assert.equal(findUserInfo('https://user:p@ss-word@host.example/x')?.host, 'host.example');
    });

    it('registers the percent-decoded form too', () => {
      assert.deepEqual(urlSecrets('https://u:p%40ss%2Fword1@host/x'), ['p%40ss%2Fword1', 'p@ss/word1']);
    });

    it('finds a password written with / ? # or \\ unencoded, masking up to the @ rather than less', () => {
      assert.deepEqual(urlSecrets('https://user:abc/def@github.com/o/r'), ['abc/def']);
      assert.deepEqual(urlSecrets('https://user:ab?cd@github.com/o/r'), ['ab?cd']);
      assert.deepEqual(urlSecrets('https://user:123/secret@github.com/o/r'), ['123/secret']);
      assert.equal(redactUrl('https://user:abc/def@github.com/o/r'), 'https://***@github.com/o/r');
    });

    it('never takes a host and port followed by an @ in the path for user info', () => {
      assert.deepEqual(urlSecrets('https://github.com:443/org/repo@v1'), []);
    });

    it('registers a user name alone only when it is a token, not a Bitbucket or GitLab user name', () => {
      assert.deepEqual(urlSecrets('https://johnsmith@bitbucket.org/team/repo.git'), []);
      assert.deepEqual(urlSecrets('https://build-service-account@gitlab.example.com/g/r.git'), []);
      assert.deepEqual(urlSecrets('https://glpat-abc123@gitlab.com/g/r.git'), ['glpat-abc123']);
      assert.deepEqual(urlSecrets('https://a1b2c3d4e5f6a7b8c9d0e1f2@git.example.com/r'), ['a1b2c3d4e5f6a7b8c9d0e1f2']);
    });

    it("leaves Azure DevOps's organisation user name alone", () => {
      assert.deepEqual(urlSecrets('https://contoso-engineering@dev.azure.com/contoso-engineering/p/_git/r'), []);
      assert.deepEqual(urlSecrets('https://contoso-engineering@contoso.visualstudio.com/p/_git/r'), []);
    });

    it('finds nothing in a URL without user info, an @ in the path, or a host:port', () => {
      for (const value of ['https://github.com/org/repo', 'https://github.com/org/repo@v1', 'proxy.corp:3128', undefined]) {
        assert.deepEqual(urlSecrets(value), [], String(value));
      }
    });
  });

  describe('redactUrl', () => {
    it('replaces user info, query and fragment in any shape', () => {
      assert.equal(redactUrl(`user:${TOKEN}@github.com/o/r?private_token=x#y`), '***@github.com/o/r?***#***');
      assert.equal(redactUrl('https://adb-1.2.azuredatabricks.net/?o=1'), 'https://adb-1.2.azuredatabricks.net/?***');
      assert.equal(redactUrl('https://github.com/o/r'), 'https://github.com/o/r');
    });
  });
});
