// Azure DevOps OIDC endpoint of the emulator: both request forms, the system token check and the ID token's claims.

import * as assert from 'node:assert/strict';
import { decodeJwt } from '../../emulator/jwt';
import { member, startHarness, type Harness } from './harness';

describe('emulator: Azure DevOps OIDC token', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.emulator.stop());

  const requestIdToken = (path: string, query: string, bearer?: string): ReturnType<Harness['call']> =>
    h.call({ method: 'POST', path: `${path}?${query}`, bearer: bearer ?? h.seed.azureDevOps.systemAccessToken, json: {} });

  it('answers System.OidcRequestUri with api-version 7.1: iss, sub of the service connection, aud, ~10 min', async () => {
    const { azureDevOps } = h.seed;
    const response = await requestIdToken(azureDevOps.oidcRequestUri, `api-version=7.1&serviceConnectionId=${azureDevOps.serviceConnectionId}`);
    assert.equal(response.status, 200, response.text);
    const claims = decodeJwt(String(member(response, 'oidcToken')))?.claims ?? {};
    assert.equal(claims.iss, `https://vstoken.dev.azure.com/${azureDevOps.organizationId}`);
    assert.equal(claims.sub, 'sc://demo-org/demo-project/databricks-wif');
    assert.equal(claims.aud, 'api://AzureADTokenExchange');
    assert.equal(Number(claims.exp) - Number(claims.iat), 600);
  });

  it('accepts a POST with no body and no content type, as real clients send it', async () => {
    const { azureDevOps } = h.seed;
    const path = `${azureDevOps.oidcRequestUri}?api-version=7.1&serviceConnectionId=${azureDevOps.serviceConnectionId}`;
    const response = await h.call({ method: 'POST', path, bearer: azureDevOps.systemAccessToken });
    assert.equal(response.status, 200, response.text);
    const form = await h.call({ method: 'POST', path, bearer: azureDevOps.systemAccessToken, form: { a: 'b' } });
    assert.equal(form.status, 415, 'a body that is not JSON is still refused');
  });

  it('answers the collection-URI form with api-version 7.1-preview.1', async () => {
    const { azureDevOps } = h.seed;
    const hub = `_apis/distributedtask/hubs/${azureDevOps.hostType}`;
    const path = `${azureDevOps.collectionUri}${azureDevOps.projectId}/${hub}/plans/${azureDevOps.planId}/jobs/${azureDevOps.jobId}/oidctoken`;
    const response = await requestIdToken(path, `serviceConnectionId=${azureDevOps.serviceConnectionId}&api-version=7.1-preview.1`);
    assert.equal(response.status, 200, response.text);
  });

  it('refuses an unknown system token (401), an unknown service connection (404) and a missing api-version (400)', async () => {
    const { azureDevOps } = h.seed;
    const query = `api-version=7.1&serviceConnectionId=${azureDevOps.serviceConnectionId}`;
    assert.equal((await requestIdToken(azureDevOps.oidcRequestUri, query, 'not-a-system-token')).status, 401);
    assert.equal((await requestIdToken(azureDevOps.oidcRequestUri, 'api-version=7.1&serviceConnectionId=00000000-0000-0000-0000-000000000000')).status, 404);
    assert.equal((await requestIdToken(azureDevOps.oidcRequestUri, `serviceConnectionId=${azureDevOps.serviceConnectionId}`)).status, 400);
  });

  it('issues expired ID tokens when the lifetime knob is negative', async () => {
    const { azureDevOps } = h.seed;
    h.emulator.state.settings.oidcTokenLifetimeSeconds = -1;
    try {
      const response = await requestIdToken(azureDevOps.oidcRequestUri, `api-version=7.1&serviceConnectionId=${azureDevOps.serviceConnectionId}`);
      const check = h.emulator.state.tokens.check(String(member(response, 'oidcToken')));
      assert.deepEqual(check.valid ? 'valid' : check.problem, 'expired');
    } finally {
      h.emulator.state.settings.oidcTokenLifetimeSeconds = 600;
    }
  });
});
