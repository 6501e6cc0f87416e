// Specs of the Databricks REST client: what it sends, how it reads answers, and the errors it raises.

import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { DatabricksClient } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/client';
import { DatabricksError } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import { NetworkError } from '../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { fakeClient, fakeHttp, HOST, TOKEN, type FakeHttp } from './fakeHttp';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('resolved'),
    (error: unknown) => error,
  );
}

describe('databricks/client', () => {
  let http: FakeHttp;
  let client: DatabricksClient;

  beforeEach(() => {
    http = fakeHttp();
    client = fakeClient(http);
  });

  describe('requests', () => {
    it('sends the bearer token, JSON body with Content-Type, operation and idempotency', async () => {
      await client.call('POST', '/api/2.0/repos', { operation: 'creating it', body: { path: '/Repos/a/b' }, idempotent: false });
      const [request] = http.requests;
      assert.equal(request.method, 'POST');
      assert.equal(request.url, `${HOST}/api/2.0/repos`);
      assert.equal(request.headers?.Authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers?.['Content-Type'], 'application/json');
      assert.equal(request.body, '{"path":"/Repos/a/b"}');
      assert.equal(request.idempotent, false);
      assert.equal(request.operation, 'creating it');
    });

    it('sends no body and no Content-Type without a body', async () => {
      await client.call('GET', '/api/2.0/git-credentials', { operation: 'listing' });
      const [request] = http.requests;
      assert.equal(request.body, undefined);
      assert.equal(request.headers?.['Content-Type'], undefined);
      assert.equal(request.idempotent, undefined);
    });

    it('asks for the token on every request and joins a host with a trailing slash', async () => {
      const getToken = sinon.stub();
      getToken.onFirstCall().returns('first');
      getToken.onSecondCall().resolves('second');
      const refreshed = new DatabricksClient(http, `${HOST}/`, getToken);
      await refreshed.call('GET', '/api/2.0/repos/1', { operation: 'one' });
      await refreshed.call('GET', '/api/2.0/repos/2', { operation: 'two' });
      assert.deepEqual(
        http.requests.map((request) => [request.url, request.headers?.Authorization]),
        [
          [`${HOST}/api/2.0/repos/1`, 'Bearer first'],
          [`${HOST}/api/2.0/repos/2`, 'Bearer second'],
        ],
      );
    });
  });

  describe('answers', () => {
    it('parses JSON with int64 ids intact', async () => {
      http.answer({ status: 200, text: '{"id": 1234567890123456789, "path": "/Repos/a/b"}' });
      const repo = await client.call<{ id: string }>('GET', '/api/2.0/repos/1234567890123456789', { operation: 'reading' });
      assert.deepEqual(repo, { id: '1234567890123456789', path: '/Repos/a/b' });
    });

    it('reads an empty 2xx body as {}', async () => {
      http.answer({ status: 200, text: '' });
      assert.deepEqual(await client.call('DELETE', '/api/2.0/repos/1', { operation: 'deleting' }), {});
    });

    it('reads a 404 "does not exist" as undefined when asked to', async () => {
      http.answer({ status: 404, text: '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/Repos/a/b) doesn\'t exist."}' });
      assert.equal(await client.call('GET', '/api/2.0/workspace/get-status?path=x', { operation: 'looking', notFound: 'undefined' }), undefined);
    });

    it('does not read a 404 FEATURE_DISABLED as missing', async () => {
      http.answer({ status: 404, text: '{"error_code":"FEATURE_DISABLED","message":"Repos is not enabled."}' });
      const error = await rejection(client.call('GET', '/api/2.0/repos/1', { operation: 'reading', notFound: 'undefined' }));
      assert.ok(error instanceof DatabricksError);
      assert.equal(error.errorCode, 'FEATURE_DISABLED');
    });

    it('fails on a 404 unless told it means missing', async () => {
      http.answer({ status: 404, text: '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Repo could not be found"}' });
      const error = await rejection(client.call('PATCH', '/api/2.0/repos/1', { operation: 'checking out', body: {} }));
      assert.ok(error instanceof DatabricksError);
      assert.equal(error.status, 404);
    });
  });

  describe('errors', () => {
    it('turns an error answer into a DatabricksError with the whole story', async () => {
      http.answer({ status: 400, text: '{"error_code":"GIT_UNKNOWN_REF","message":"Remote branch does not exist."}' });
      const error = await rejection(
        client.call('PATCH', '/api/2.0/repos/1', { operation: "checking out branch 'main' in /Repos/ci/app", body: { branch: 'main' } }),
      );
      assert.ok(error instanceof DatabricksError);
      assert.match(error.message, /^Checking out branch 'main' in \/Repos\/ci\/app failed: HTTP 400 GIT_UNKNOWN_REF: Remote branch does not exist\. Fix: /);
      assert.equal(error.serverMessage, 'Remote branch does not exist.');
      assert.ok(!error.message.includes(TOKEN));
    });

    it('turns a NetworkError into a DatabricksError with status 0', async () => {
      http.answer(new NetworkError(`GET ${HOST}/api/2.0/git-credentials got no HTTP answer: ETIMEDOUT (timeout)`, 'ETIMEDOUT', true));
      const error = await rejection(client.call('GET', '/api/2.0/git-credentials', { operation: 'listing the Git credentials' }));
      assert.ok(error instanceof DatabricksError);
      assert.equal(error.status, 0);
      assert.match(error.message, /^Listing the Git credentials failed: .*ETIMEDOUT.*Fix: .*requestTimeoutSeconds/);
    });

    it('fails clearly on a 2xx answer that is not JSON', async () => {
      http.answer({ status: 200, text: '<html><title>Sign in</title></html>' });
      const error = await rejection(client.call('GET', '/api/2.0/git-credentials', { operation: 'listing' }));
      assert.ok(error instanceof DatabricksError);
      assert.match(error.message, /not JSON/);
    });

    it('neutralises logging commands in server messages', async () => {
      http.answer({ status: 403, text: '{"error_code":"PERMISSION_DENIED","message":"##vso[task.setvariable variable=repoId]evil"}' });
      const error = await rejection(client.call('GET', '/api/2.0/repos/1', { operation: 'reading' }));
      assert.ok(error instanceof DatabricksError);
      assert.ok(!error.message.includes('##vso['), error.message);
    });

    it('lets other errors through untouched (a failed token getter)', async () => {
      const failing = new DatabricksClient(http, HOST, () => {
        throw new RangeError('no token');
      });
      const error = await rejection(failing.call('GET', '/x', { operation: 'x' }));
      assert.ok(error instanceof RangeError);
      assert.equal(http.requests.length, 0);
    });
  });
});
