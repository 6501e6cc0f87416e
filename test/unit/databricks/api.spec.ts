// Specs of the assembled Databricks API over the real HTTP layer and a local HTTPS server: ids, retries, messages.

import * as assert from 'node:assert/strict';
import { createDatabricksApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/api';
import { DatabricksClient } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/client';
import { DatabricksError } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import type { DatabricksApi } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/types';
import { createHttpClient } from '../../../tasks/DatabricksRepoSyncV1/src/http/httpClient';
import { RetryBudget } from '../../../tasks/DatabricksRepoSyncV1/src/http/retryPolicy';
import { json, startHttpsServer, testCertificate, type LocalHttpsServer } from '../http/localHttpsServer';
import { recordingLogger, type RecordingLogger } from '../http/recordingLogger';

const TOKEN = 'eyJhbGciOi.databricks-token.signature';
const ID = '1234567890123456789';

describe('databricks/api', () => {
  let server: LocalHttpsServer;
  let log: RecordingLogger;
  let api: DatabricksApi;

  beforeEach(async () => {
    server = await startHttpsServer();
    log = recordingLogger();
    const http = createHttpClient({
      requestTimeoutMs: 5000,
      budget: new RetryBudget(60_000),
      log,
      ca: (await testCertificate()).cert,
      sleep: async () => undefined,
    });
    api = createDatabricksApi(new DatabricksClient(http, server.origin, () => TOKEN));
  });

  afterEach(() => server.close());

  it('finds a Git folder by path and reads it, the int64 id exact both ways', async () => {
    server.script(
      (_req, res) => json(res, 200, `{"object_id": ${ID}, "object_type": "REPO", "path": "/Repos/ci/app"}`),
      (_req, res) => json(res, 503, ''),
      (_req, res) => json(res, 200, `{"id": ${ID}, "path": "/Repos/ci/app", "url": "u", "provider": "gitHub", "head_commit_id": "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"}`),
    );
    const found = await api.workspace.getStatus('/Repos/ci/app');
    assert.equal(found?.object_id, ID);
    const repo = await api.repos.get(found.object_id);
    assert.equal(repo?.id, ID);
    assert.equal(repo?.head_commit_id, 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00');
    assert.deepEqual(
      server.requests.map((request) => `${request.method} ${request.url}`),
      [
        'GET /api/2.0/workspace/get-status?path=%2FRepos%2Fci%2Fapp',
        `GET /api/2.0/repos/${ID}`,
        `GET /api/2.0/repos/${ID}`,
      ],
    );
    assert.ok(server.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`));
    assert.ok(log.all().every((line) => !line.includes(TOKEN)));
  });

  it('names the folder seen by the repos calls when its permissions fail', async () => {
    server.script(
      (_req, res) => json(res, 200, `{"id": ${ID}, "path": "/Repos/ci/app", "url": "u", "provider": "gitHub"}`),
      (_req, res) => json(res, 403, { error_code: 'PERMISSION_DENIED', message: 'sp does not have Manage permissions' }),
    );
    await api.repos.get(ID);
    await assert.rejects(api.permissions.update(ID, [{ group_name: 'g', permission_level: 'CAN_READ' }]), (error: unknown) => {
      assert.ok(error instanceof DatabricksError);
      assert.match(error.message, /^Adding permissions to \/Repos\/ci\/app failed: HTTP 403 PERMISSION_DENIED: sp does not have Manage permissions\. Fix: /);
      return true;
    });
  });

  it('does not repeat a creating POST answered 503, and reports it for the caller to look again', async () => {
    server.script((_req, res) => json(res, 503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'try later' }));
    await assert.rejects(api.repos.create({ url: 'u', provider: 'gitHub', path: '/Repos/ci/app' }), (error: unknown) => {
      assert.ok(error instanceof DatabricksError);
      assert.equal(error.status, 503);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });
});
