// Specs of the Databricks workspace connection read into a credential: each scheme, the URL, and every problem named.

import * as assert from 'node:assert/strict';
import type { EndpointAuthorization } from '../../../../tasks/DatabricksRepoSyncV1/src/agent';
import type { PipelineContext } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/connectionAuthorization';
import {
  credentialFromWorkspaceConnection,
  describeWorkspaceConnection,
  workspaceSecretParameters,
  type WorkspaceConnection,
} from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks/workspaceConnection';
import type { DatabricksSource } from '../../../../tasks/DatabricksRepoSyncV1/src/options';
import { InputError } from '../../../../tasks/DatabricksRepoSyncV1/src/validation/inputError';
import { SP_CLIENT_ID, WORKSPACE } from '../support/workspaceDeps';

const ID = 'dbx-conn';
const PREFIX = `databricksConnection: Databricks workspace connection '${ID}' `;
const OIDC_URI = 'https://dev.azure.com/contoso/proj/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken';
const PIPELINE: PipelineContext = { systemAccessToken: 'system-access-token', oidcRequestUri: OIDC_URI };

/** `null` for a connection without a URL (undefined would take the default) */
const connection = (scheme: string, parameters: Record<string, string>, url: string | null = WORKSPACE): WorkspaceConnection => ({
  id: ID,
  url: url ?? undefined,
  authorization: { scheme, parameters },
});

/** The problems of a connection that must be refused; fails when it is accepted or throws something else. */
function problemsOf(value: WorkspaceConnection, pipeline: PipelineContext = PIPELINE): string[] {
  try {
    credentialFromWorkspaceConnection(value, pipeline);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    for (const problem of error.problems) assert.ok(problem.startsWith(PREFIX), problem);
    return error.problems.map((problem) => problem.slice(PREFIX.length));
  }
  return assert.fail('expected an InputError');
}

describe('auth/databricks/workspaceConnection', () => {
  describe('credentialFromWorkspaceConnection', () => {
    it('None with clientId: federation, the ID token requested from Azure DevOps', () => {
      const credential = credentialFromWorkspaceConnection(connection('None', { clientId: SP_CLIENT_ID }), PIPELINE);
      assert.deepEqual(credential, {
        kind: 'databricksFederation',
        host: WORKSPACE,
        clientId: SP_CLIENT_ID,
        idToken: { kind: 'request', serviceConnectionId: ID, systemAccessToken: 'system-access-token', oidcRequestUri: OIDC_URI },
      });
    });

    it("None with the agent's late-bound idToken: federation with that token, no job variables needed", () => {
      const credential = credentialFromWorkspaceConnection(connection('None', { clientId: SP_CLIENT_ID, idToken: 'eyJ.late.bound' }), {});
      assert.ok(credential.kind === 'databricksFederation');
      assert.deepEqual(credential.idToken, { kind: 'static', idToken: 'eyJ.late.bound' });
    });

    it('UsernamePassword: the OAuth secret of the service principal', () => {
      const credential = credentialFromWorkspaceConnection(connection('UsernamePassword', { username: SP_CLIENT_ID, password: 'oauth-secret' }), PIPELINE);
      assert.deepEqual(credential, { kind: 'databricksOAuthSecret', host: WORKSPACE, clientId: SP_CLIENT_ID, clientSecret: 'oauth-secret' });
    });

    it('Token: the personal access token', () => {
      const credential = credentialFromWorkspaceConnection(connection('Token', { apitoken: 'dapi-pat' }), PIPELINE);
      assert.deepEqual(credential, { kind: 'databricksToken', host: WORKSPACE, token: 'dapi-pat' });
    });

    it('reads scheme names and parameter keys in any case, values trimmed', () => {
      const cases: [WorkspaceConnection, DatabricksSource['kind']][] = [
        [connection(' none ', { CLIENTID: ` ${SP_CLIENT_ID} ` }), 'databricksFederation'],
        [connection('usernamePASSWORD', { UserName: SP_CLIENT_ID, PASSWORD: 'oauth-secret' }), 'databricksOAuthSecret'],
        [connection('token', { ApiToken: 'dapi-pat' }), 'databricksToken'],
      ];
      for (const [value, kind] of cases) {
        const credential = credentialFromWorkspaceConnection(value, PIPELINE);
        assert.equal(credential.kind, kind);
        if (credential.kind !== 'databricksToken') assert.equal(credential.clientId, SP_CLIENT_ID);
      }
    });

    it('reduces the URL to the origin: a browser URL with a query and fragment, a trailing slash, a port kept', () => {
      const host = (url: string): string => credentialFromWorkspaceConnection(connection('Token', { apitoken: 'p' }, url), PIPELINE).host;
      assert.equal(host(`${WORKSPACE}/?o=1234567890123456#notebook/42`), WORKSPACE);
      assert.equal(host(`${WORKSPACE}/`), WORKSPACE);
      assert.equal(host('HTTPS://DBC-1A2B3C4D-5E6F.cloud.databricks.com:8443/browse'), 'https://dbc-1a2b3c4d-5e6f.cloud.databricks.com:8443');
    });

    it('a missing URL, or one that is not https', () => {
      assert.deepEqual(problemsOf(connection('Token', { apitoken: 'p' }, null)), [
        'has no URL: it must be the workspace URL, e.g. https://dbc-1a2b3c4d-5e6f.cloud.databricks.com.',
      ]);
      const [problem] = problemsOf(connection('Token', { apitoken: 'p' }, 'http://dbc-1.cloud.databricks.com'));
      assert.match(problem, /^has a URL that is not the workspace's: 'http:\/\/dbc-1\.cloud\.databricks\.com' is not an https:\/\/ URL\./);
      assert.match(problemsOf(connection('Token', { apitoken: 'p' }, 'dbc-1.cloud.databricks.com'))[0], /is not an https:\/\/ URL/);
    });

    it('a missing or invalid client id, for federation and for an OAuth secret', () => {
      assert.deepEqual(problemsOf(connection('None', {})), [
        "has no client id (authorization parameter clientId): the service principal's application id.",
      ]);
      assert.deepEqual(problemsOf(connection('UsernamePassword', { username: '  ', password: 's' })), [
        "has no client id (authorization parameter username): the service principal's application id.",
      ]);
      assert.deepEqual(problemsOf(connection('UsernamePassword', { username: 'ci-bot', password: 's' })), [
        "has the client id 'ci-bot', which is not an application id (a GUID).",
      ]);
      assert.deepEqual(problemsOf(connection('None', { clientId: `${SP_CLIENT_ID}x` })), [
        `has the client id '${SP_CLIENT_ID}x', which is not an application id (a GUID).`,
      ]);
    });

    it('a missing OAuth secret or personal access token (blank counts as missing)', () => {
      assert.deepEqual(problemsOf(connection('UsernamePassword', { username: SP_CLIENT_ID })), ['has no OAuth secret (authorization parameter password).']);
      assert.deepEqual(problemsOf(connection('UsernamePassword', { username: SP_CLIENT_ID, password: ' ' })), [
        'has no OAuth secret (authorization parameter password).',
      ]);
      assert.deepEqual(problemsOf(connection('Token', { apitoken: '' })), ['has no personal access token (authorization parameter apitoken).']);
    });

    it('an unsupported scheme, naming the supported ones', () => {
      assert.deepEqual(problemsOf(connection('OAuth', { AccessToken: 't' })), [
        "uses the authorization scheme 'OAuth', which this task does not support. Supported: None (workload identity federation), " +
          'UsernamePassword (OAuth client secret), Token (personal access token).',
      ]);
    });

    it('every problem at once: the URL and the scheme', () => {
      const problems = problemsOf(connection('UsernamePassword', { username: 'x' }, 'ftp://host'));
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.match(problems[0], /^has a URL that is not the workspace's/);
      assert.match(problems[1], /^has the client id 'x'/);
      assert.match(problems[2], /^has no OAuth secret/);
    });

    it('federation without System.AccessToken or the OIDC variables: a problem for each', () => {
      const problems = problemsOf(connection('None', { clientId: SP_CLIENT_ID }), {});
      assert.deepEqual(problems, [
        'uses workload identity federation, but the job has no access token (System.AccessToken) to request an ID token.',
        'uses workload identity federation, but neither System.OidcRequestUri nor all of System.CollectionUri, System.TeamProjectId, ' +
          'System.HostType, System.PlanId and System.JobId are set to request an ID token.',
      ]);
      const partial: PipelineContext = { systemAccessToken: 't', collectionUri: 'https://dev.azure.com/contoso/', teamProjectId: 'p', hostType: 'build', planId: 'plan' };
      assert.equal(problemsOf(connection('None', { clientId: SP_CLIENT_ID }), partial).length, 1, 'System.JobId is missing');
      assert.doesNotThrow(() => credentialFromWorkspaceConnection(connection('None', { clientId: SP_CLIENT_ID }), { ...partial, jobId: 'j' }));
    });
  });

  describe('workspaceSecretParameters', () => {
    it('lists the password, the apitoken and the idToken in any case, and nothing else', () => {
      const authorization: EndpointAuthorization = {
        scheme: 'UsernamePassword',
        parameters: { username: SP_CLIENT_ID, clientId: SP_CLIENT_ID, Password: 'pw', APITOKEN: 'pat', idtoken: 'id.token.x', other: 'o' },
      };
      assert.deepEqual(workspaceSecretParameters(authorization).sort(), ['id.token.x', 'pat', 'pw']);
    });

    it('skips empty values, and copes with no parameters', () => {
      assert.deepEqual(workspaceSecretParameters({ scheme: 'Token', parameters: { apitoken: '' } }), []);
      const bare = { scheme: 'None' } as unknown as EndpointAuthorization;
      assert.deepEqual(workspaceSecretParameters(bare), []);
    });
  });

  describe('describeWorkspaceConnection', () => {
    it('names the connection, its kind of sign-in and its URL', () => {
      assert.equal(
        describeWorkspaceConnection(connection('usernamepassword', { username: SP_CLIENT_ID, password: 'pw' })),
        `Databricks workspace connection '${ID}' (OAuth client secret, ${WORKSPACE})`,
      );
      assert.equal(describeWorkspaceConnection(connection('None', {})), `Databricks workspace connection '${ID}' (workload identity federation, ${WORKSPACE})`);
      assert.equal(describeWorkspaceConnection(connection('Token', {}, null)), `Databricks workspace connection '${ID}' (personal access token, no usable URL)`);
      assert.equal(describeWorkspaceConnection(connection('OAuth', {})), `Databricks workspace connection '${ID}' (OAuth, ${WORKSPACE})`);
    });

    it('shows the workspace origin only: no query, fragment or user info of the URL', () => {
      const browserUrl = `${WORKSPACE.replace('https://', 'https://user:url-secret@')}/?o=123#folder/4`;
      const description = describeWorkspaceConnection(connection('Token', {}, browserUrl));
      assert.ok(description.endsWith(`(personal access token, ${WORKSPACE})`), description);
      assert.doesNotMatch(description, /url-secret|o=123|folder/);
    });

    it('never holds a secret, and is one neutralised line', () => {
      const described = describeWorkspaceConnection(connection('Token', { apitoken: 'dapi-secret' }, `${WORKSPACE}\n##vso[task.complete]`));
      assert.ok(!described.includes('dapi-secret'));
      assert.doesNotMatch(described, /##vso\[|\n/);
    });
  });
});
