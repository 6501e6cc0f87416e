// Specs of MSAL's network module on our HttpClient: what MSAL sends goes through unchanged, answers come back parsed.

import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { AuthError as MsalAuthError } from '@azure/msal-node';
import { createMsalNetworkClient, TRANSPORT_FAILURE } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/entra/msalNetwork';
import type { HttpClient, HttpResponse } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { NetworkError } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { rejectionOf } from '../support/authFixture';

describe('auth/msalNetwork', () => {
  function answering(response: HttpResponse): { http: HttpClient; send: sinon.SinonStub } {
    const send = sinon.stub().resolves(response);
    return { http: { send, close: () => undefined }, send };
  }

  it('sends a POST with MSAL headers and form body through the HttpClient, as a retryable request', async () => {
    const { http, send } = answering({ status: 200, headers: { 'x-ms-request-id': 'r1' }, text: '{"access_token":"t"}' });
    const network = createMsalNetworkClient(http, 'requesting an Entra ID token', 'authorityHost');

    const response = await network.sendPostRequestAsync('https://login.example.test/t/oauth2/v2.0/token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: 'grant_type=client_credentials',
    });

    sinon.assert.calledOnceWithExactly(send, {
      method: 'POST',
      url: 'https://login.example.test/t/oauth2/v2.0/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: 'grant_type=client_credentials',
      idempotent: true,
      operation: 'requesting an Entra ID token',
      hostSource: 'authorityHost',
    });
    assert.deepEqual(response, { status: 200, headers: { 'x-ms-request-id': 'r1' }, body: { access_token: 't' } });
  });

  it('sends a GET without a body', async () => {
    const { http, send } = answering({ status: 200, headers: {}, text: '{"issuer":"x"}' });

    const network = createMsalNetworkClient(http, 'op', 'authorityHost');

    const response = await network.sendGetRequestAsync('https://127.0.0.1/msi/token?resource=r', {
      headers: { Metadata: 'true' },
    });

    assert.equal(send.firstCall.args[0].method, 'GET');
    assert.equal(send.firstCall.args[0].body, undefined);
    assert.deepEqual(send.firstCall.args[0].headers, { Metadata: 'true' });
    assert.deepEqual(response.body, { issuer: 'x' });
  });

  it('gives MSAL an empty object for an empty body, with the status', async () => {
    const { http } = answering({ status: 204, headers: {}, text: '' });

    const response = await createMsalNetworkClient(http, 'op', 'authorityHost').sendGetRequestAsync('https://127.0.0.1/x');

    assert.deepEqual(response, { status: 204, headers: {}, body: {} });
  });

  it("turns a body that is not JSON into one of MSAL's errors carrying a clear cause", async () => {
    const { http } = answering({ status: 502, headers: {}, text: '<html>Bad gateway ##vso[task.complete]</html>' });

    const error = await rejectionOf(createMsalNetworkClient(http, 'op', 'authorityHost').sendPostRequestAsync('https://proxy.test/t/token'));

    assert.ok(error instanceof MsalAuthError);
    assert.equal(error.errorCode, TRANSPORT_FAILURE);
    const cause = (error as MsalAuthError & { cause: Error }).cause;
    assert.match(cause.message, /^proxy\.test\/t\/token answered HTTP 502 with a body that is not JSON: <html>Bad gateway/);
    assert.doesNotMatch(cause.message, /##vso\[/);
  });

  it("passes a network failure to MSAL inside one of its own errors, so MSAL does not swallow it", async () => {
    const failure = new NetworkError('socket hang up', 'ECONNRESET', true);
    const http: HttpClient = { send: sinon.stub().rejects(failure), close: () => undefined };

    const error = await rejectionOf(createMsalNetworkClient(http, 'op', 'authorityHost').sendGetRequestAsync('https://127.0.0.1/x'));

    assert.ok(error instanceof MsalAuthError);
    assert.equal((error as MsalAuthError & { cause: unknown }).cause, failure);
  });
});
