// The emulator's server machinery: fault rules (status + headers, reset, half-applied, delay), the latency knob,
// and the request log (redaction, callers, counts, overlap of concurrent requests) plus issuedSecrets().

import * as assert from 'node:assert/strict';
import { REDACTED } from '../../emulator/requestLog';
import { DATABRICKS_RESOURCE } from '../../emulator/tokenIssuer';
import { member, startHarness, type Harness } from './harness';

describe('emulator: faults, latency and request log', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await startHarness();
    token = h.databricksToken();
  });
  after(async () => h.emulator.stop());
  afterEach(() => {
    h.emulator.faults.clear();
    h.emulator.setLatency(0);
  });

  const getStatus = (path = '/Repos'): ReturnType<Harness['call']> => h.call({ path: `/api/2.0/workspace/get-status?path=${path}`, bearer: token });

  it('answers matching requests with the fault status, headers and Databricks-shaped body, `times` times', async () => {
    h.emulator.faults.add({ method: 'GET', path: '/api/2.0/workspace/get-status', status: 503, headers: { 'Retry-After': '1' }, times: 2 });
    const first = await getStatus();
    assert.deepEqual([first.status, first.headers['retry-after'], member(first, 'error_code')], [503, '1', 'TEMPORARILY_UNAVAILABLE']);
    assert.equal((await getStatus()).status, 503);
    assert.equal((await getStatus()).status, 200);
    assert.equal(h.emulator.faults.pending().length, 0);
    assert.equal(h.emulator.requests.filter({ route: 'GET /api/2.0/workspace/get-status', status: 503 }).every((entry) => entry.fault === true), true);
  });

  it('resets the connection, logged with status 0', async () => {
    h.emulator.faults.add({ path: /^\/api\/2\.0\/git-credentials/, reset: true });
    await assert.rejects(h.call({ path: '/api/2.0/git-credentials', bearer: token }), /socket hang up|ECONNRESET/);
    const last = h.emulator.requests.entries.at(-1);
    assert.deepEqual([last?.status, last?.fault], [0, true]);
  });

  it('can let a request change state and fail only its answer (a half-successful create)', async () => {
    const credential = { git_provider: 'azureDevOpsServices', personal_access_token: h.azureDevOpsToken() };
    await h.call({ method: 'POST', path: '/api/2.0/git-credentials', bearer: token, json: credential });
    h.emulator.faults.add({ method: 'POST', path: '/api/2.0/repos', status: 500, applyRequest: true });
    const json = { url: h.seed.repository.url, provider: 'azureDevOpsServices', path: `/Users/${h.seed.application.clientId}/half` };
    const create = await h.call({ method: 'POST', path: '/api/2.0/repos', bearer: token, json });
    assert.equal(create.status, 500);
    // outside /Repos a new Git folder has Git CLI access: get-status shows it as a Git-backed DIRECTORY
    const status = await getStatus(`/Users/${h.seed.application.clientId}/half`);
    assert.equal(member(status, 'object_type'), 'DIRECTORY');
    assert.deepEqual(member(status, 'directory_info'), { is_git_folder: true });
  });

  it('delays without failing when a rule has only delayMs, and adds the global latency to every request', async () => {
    h.emulator.faults.add({ path: '/api/2.0/workspace', delayMs: 80 });
    let started = Date.now();
    assert.equal((await getStatus()).status, 200);
    assert.ok(Date.now() - started >= 80);
    h.emulator.setLatency(100);
    started = Date.now();
    await Promise.all([getStatus(), getStatus()]);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 100 && elapsed < 200, `two concurrent requests took ${elapsed} ms`);
    const [a, b] = h.emulator.requests.entries.slice(-2);
    assert.ok(a.durationMs >= 100 && b.durationMs >= 100);
    assert.equal(Math.max(a.inFlightAtStart, b.inFlightAtStart), 1);
  });

  it('logs service, route, caller and bodies with secrets redacted; issuedSecrets() knows them all', async () => {
    h.emulator.requests.clear();
    const tokenResponse = await h.call({
      method: 'POST',
      path: `/${h.seed.tenant.id}/oauth2/v2.0/token`,
      form: {
        grant_type: 'client_credentials',
        client_id: h.seed.application.clientId,
        client_secret: h.seed.application.secret,
        scope: `${DATABRICKS_RESOURCE}/.default`,
      },
    });
    const pat = h.azureDevOpsToken();
    const json = { git_provider: 'gitHub', personal_access_token: pat, git_username: `x-${pat}` };
    await h.call({ method: 'POST', path: '/api/2.0/git-credentials', bearer: token, json });
    const [entra, databricks] = h.emulator.requests.entries;
    assert.deepEqual([entra.service, entra.route, (entra.body as Record<string, string>).client_secret], ['entra', 'POST /{tenant}/oauth2/v2.0/token', REDACTED]);
    assert.deepEqual([databricks.service, databricks.caller, databricks.route], ['databricks', h.seed.application.clientId, 'POST /api/2.0/git-credentials']);
    assert.deepEqual(databricks.body, { git_provider: 'gitHub', personal_access_token: REDACTED, git_username: `x-${REDACTED}` });
    assert.deepEqual(h.emulator.requests.counts(), { 'POST /{tenant}/oauth2/v2.0/token': 1, 'POST /api/2.0/git-credentials': 1 });
    const secrets = h.emulator.issuedSecrets();
    const expected = [String(member(tokenResponse, 'access_token')), pat, h.seed.application.secret, h.seed.azureDevOps.systemAccessToken];
    for (const secret of [...expected, h.seed.managedIdentity.identityHeader]) {
      assert.ok(secrets.includes(secret));
    }
    assert.equal(JSON.stringify(h.emulator.requests.entries).includes(h.seed.application.secret), false);
  });
});
