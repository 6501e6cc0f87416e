// Finding the Git folder by path and comparing it with the request.

import assert from 'node:assert/strict';
import {
  describeFolder,
  findMismatches,
  inspectPathObject,
  resolveByPath,
  sparsePatternUpdate,
} from '../../../tasks/DatabricksRepoSyncV1/src/sync/gitFolder';
import { SyncError } from '../../../tasks/DatabricksRepoSyncV1/src/sync/syncError';
import { OTHER_URL, REPO_ID, REPO_PATH, existingFolder, syncRequest, workspace } from './support/fixtures';

describe('sync/gitFolder', () => {
  describe('inspectPathObject', () => {
    it('missing when get-status found nothing', () => {
      assert.deepEqual(inspectPathObject(undefined, REPO_PATH), { kind: 'missing' });
    });

    it('a candidate for REPO, Git-CLI DIRECTORY and DIRECTORY without directory_info', () => {
      for (const status of [
        { object_id: REPO_ID, object_type: 'REPO', path: REPO_PATH },
        { object_id: REPO_ID, object_type: 'DIRECTORY', path: REPO_PATH, directory_info: { is_git_folder: true } },
        { object_id: REPO_ID, object_type: 'DIRECTORY', path: REPO_PATH },
      ]) {
        assert.deepEqual(inspectPathObject(status, REPO_PATH), { kind: 'candidate', objectId: REPO_ID, objectType: status.object_type });
      }
    });

    it('throws for a plain folder, a notebook or any other object type', () => {
      const objects = [
        ['DIRECTORY', 'a folder'],
        ['NOTEBOOK', 'a notebook'],
        ['LIBRARY', 'a library'],
        ['DASHBOARD', 'a dashboard'],
      ] as const;
      for (const [type, found] of objects) {
        const status = { object_id: '1', object_type: type, path: REPO_PATH, directory_info: { is_git_folder: false } };
        assert.throws(
          () => inspectPathObject(status, REPO_PATH),
          (e: Error) => e instanceof SyncError && e.message.includes(`holds ${found},`),
        );
      }
    });
  });

  describe('resolveByPath', () => {
    it('reads get-status then the repo by its object id', async () => {
      const fake = workspace();
      fake.addFolder(existingFolder(), { gitCli: true });

      const repo = await resolveByPath(fake, REPO_PATH);

      assert.equal(repo?.id, REPO_ID);
      assert.deepEqual(fake.log.keys(), [`GET /api/2.0/workspace/get-status?path=${REPO_PATH}`, `GET /api/2.0/repos/${REPO_ID}`]);
    });

    it('undefined for a free path; throws when the Repos API does not know the object', async () => {
      const fake = workspace();
      assert.equal(await resolveByPath(fake, REPO_PATH), undefined);

      fake.objects.set(REPO_PATH, { object_id: '77', object_type: 'DIRECTORY', path: REPO_PATH, directory_info: { is_git_folder: true } });
      await assert.rejects(resolveByPath(fake, REPO_PATH), /holds a directory that the Repos API does not know/);
    });
  });

  describe('findMismatches', () => {
    it('none for the same remote written differently and the provider in another case', () => {
      const repo = existingFolder({ url: 'https://org@Dev.Azure.com/contoso/data/_git/pipelines.git', provider: 'AZUREDEVOPSSERVICES' });
      assert.deepEqual(findMismatches(repo, syncRequest()), []);
    });

    it('URL, provider and sparse checkout on/off, each with both values', () => {
      const repo = existingFolder({ url: OTHER_URL, provider: 'gitHub', sparse_checkout: { patterns: ['a', 'b'] } });
      assert.deepEqual(findMismatches(repo, syncRequest()), [
        { what: 'URL', found: OTHER_URL, wanted: syncRequest().repoUrl },
        { what: 'provider', found: 'gitHub', wanted: 'azureDevOpsServices' },
        { what: 'sparse checkout', found: 'on (a, b)', wanted: 'off' },
      ]);
    });

    it('other sparse patterns are not a mismatch', () => {
      const repo = existingFolder({ sparse_checkout: { patterns: ['a'] } });
      assert.deepEqual(findMismatches(repo, syncRequest({ sparseCheckoutPatterns: ['b'] })), []);
    });
  });

  describe('sparsePatternUpdate', () => {
    it('the new patterns when they differ as a set; nothing when equal or when sparse is off on either side', () => {
      const repo = existingFolder({ sparse_checkout: { patterns: ['a', 'b'] } });
      assert.deepEqual(sparsePatternUpdate(repo, syncRequest({ sparseCheckoutPatterns: ['a', 'c'] })), ['a', 'c']);
      assert.equal(sparsePatternUpdate(repo, syncRequest({ sparseCheckoutPatterns: ['b', 'a'] })), undefined);
      assert.equal(sparsePatternUpdate(existingFolder(), syncRequest({ sparseCheckoutPatterns: ['a'] })), undefined);
      assert.equal(sparsePatternUpdate(repo, syncRequest()), undefined);
    });
  });

  it('describeFolder neutralises server text', () => {
    const text = describeFolder(existingFolder({ branch: '##vso[task.complete result=Failed]x', url: 'https://h/##[error]' }));
    assert.doesNotMatch(text, /##vso\[|##\[/);
    assert.match(text, /^Git folder 1234567890123456789 at \/Repos\/ci\/pipelines: /);
  });
});
