// Specs of the pipeline ID token request: both URL forms, the request Azure DevOps expects, and its failures.

import * as assert from 'node:assert/strict';
import { oidcTokenUrl, requestOidcToken } from '../../../tasks/DatabricksRepoSyncV1/src/auth/azureDevOpsIdToken';
import type { OidcTokenRequest } from '../../../tasks/DatabricksRepoSyncV1/src/auth/azureDevOpsIdToken';
import { AuthError } from '../../../tasks/DatabricksRepoSyncV1/src/auth/types';
import { AuthFixture, rejectionOf } from './support/authFixture';
import { OIDC_PATH } from './support/identityServer';

const CONNECTION = 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb';
const ACCESS_TOKEN = 'system-access-token';
const JOB = {
  teamProjectId: 'project-1',
  hostType: 'build',
  planId: 'plan-2',
  jobId: 'job-3',
};

describe('auth/oidcToken', () => {
  let fixture: AuthFixture;

  AuthFixture.use((started) => (fixture = started));

  describe('oidcTokenUrl', () => {
    it('appends api-version 7.1 and the connection to System.OidcRequestUri', () => {
      const url = oidcTokenUrl({
        kind: 'request',
        serviceConnectionId: CONNECTION,
        systemAccessToken: ACCESS_TOKEN,
        oidcRequestUri: 'https://dev.azure.com/org/p/_apis/distributedtask/hubs/build/plans/x/jobs/y/oidctoken',
        collectionUri: 'https://ignored.test/',
        ...JOB,
      });

      assert.equal(
        url,
        'https://dev.azure.com/org/p/_apis/distributedtask/hubs/build/plans/x/jobs/y/oidctoken' +
          `?api-version=7.1&serviceConnectionId=${CONNECTION}`,
      );
    });

    it('builds the distributedtask URL from the job variables, with or without a trailing slash', () => {
      const expected =
        `https://dev.azure.com/org/project-1/_apis/distributedtask/hubs/build/plans/plan-2/jobs/job-3/oidctoken` +
        `?serviceConnectionId=${CONNECTION}&api-version=7.1-preview.1`;
      for (const collectionUri of ['https://dev.azure.com/org/', 'https://dev.azure.com/org']) {
        const source: OidcTokenRequest = {
          kind: 'request',
          serviceConnectionId: CONNECTION,
          systemAccessToken: ACCESS_TOKEN,
          collectionUri,
          ...JOB,
        };

        assert.equal(oidcTokenUrl(source), expected);
      }
    });

    it('names the missing variables when neither form can be built', () => {
      const source: OidcTokenRequest = {
        kind: 'request',
        serviceConnectionId: CONNECTION,
        systemAccessToken: ACCESS_TOKEN,
        collectionUri: 'https://dev.azure.com/org/',
        teamProjectId: 'project-1',
        hostType: 'build',
      };

      assert.throws(
        () => oidcTokenUrl(source),
        (error: Error) =>
          error instanceof AuthError &&
          /System\.OidcRequestUri is not set and System\.PlanId, System\.JobId are missing/.test(error.message),
      );
    });
  });

  describe('requestOidcToken', () => {
    const viaRequestUri = (): OidcTokenRequest => ({
      kind: 'request',
      serviceConnectionId: CONNECTION,
      systemAccessToken: ACCESS_TOKEN,
      oidcRequestUri: `${fixture.server.origin}${OIDC_PATH}`,
    });

    it('POSTs {} with the job access token to System.OidcRequestUri and registers the ID token', async () => {
      const idToken = await requestOidcToken(viaRequestUri(), fixture.deps);

      const [request] = fixture.server.oidcRequests();
      assert.equal(request.method, 'POST');
      assert.equal(request.path, OIDC_PATH);
      assert.equal(request.query.get('api-version'), '7.1');
      assert.equal(request.query.get('serviceConnectionId'), CONNECTION);
      assert.equal(request.headers.authorization, `Bearer ${ACCESS_TOKEN}`);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.body, '{}');
      assert.equal(idToken, fixture.server.issued[0]);
      assert.ok(fixture.secrets.includes(idToken));
      assert.ok(fixture.secrets.includes(ACCESS_TOKEN));
    });

    it('POSTs to the distributedtask URL when System.OidcRequestUri is absent', async () => {
      const source: OidcTokenRequest = {
        kind: 'request',
        serviceConnectionId: CONNECTION,
        systemAccessToken: ACCESS_TOKEN,
        collectionUri: `${fixture.server.origin}/org`,
        ...JOB,
      };

      const idToken = await requestOidcToken(source, fixture.deps);

      const [request] = fixture.server.oidcRequests();
      assert.equal(request.path, '/org/project-1/_apis/distributedtask/hubs/build/plans/plan-2/jobs/job-3/oidctoken');
      assert.equal(request.query.get('api-version'), '7.1-preview.1');
      assert.equal(request.query.get('serviceConnectionId'), CONNECTION);
      assert.equal(request.headers.authorization, `Bearer ${ACCESS_TOKEN}`);
      assert.equal(request.body, '{}');
      assert.equal(idToken, fixture.server.issued[0]);
    });

    it('fails with the status and the neutralised message of a refusal', async () => {
      fixture.server.onOidc = () => ({
        status: 403,
        body: { message: 'Not authorized ##vso[task.setvariable variable=a]b', typeKey: 'AccessCheckException' },
      });

      const error = await rejectionOf(requestOidcToken(viaRequestUri(), fixture.deps));

      assert.ok(error instanceof AuthError);
      assert.match(error.message, new RegExp(`service connection ${CONNECTION} failed: HTTP 403 \\(Not authorized`));
      assert.doesNotMatch(error.message, /##vso\[/);
      assert.doesNotMatch(error.message, new RegExp(ACCESS_TOKEN));
    });

    it('fails clearly when the answer has no oidcToken', async () => {
      fixture.server.onOidc = () => ({ status: 200, body: { somethingElse: true } });

      const error = await rejectionOf(requestOidcToken(viaRequestUri(), fixture.deps));

      assert.ok(error instanceof AuthError);
      assert.match(error.message, /answered 200 without an oidcToken/);
    });

    it('fails without a request when the job access token is missing', async () => {
      const error = await rejectionOf(requestOidcToken({ ...viaRequestUri(), systemAccessToken: '' }, fixture.deps));

      assert.match(error.message, /System\.AccessToken/);
      assert.equal(fixture.http.sent.length, 0);
    });
  });
});
