// Specs of readTaskOptions with authType databricksConnection: the workspace connection read through the agent.

import * as assert from 'node:assert/strict';
import type { EndpointAuthorization } from '../../tasks/DatabricksRepoSyncV1/src/agent';
import { readTaskOptions } from '../../tasks/DatabricksRepoSyncV1/src/inputs';
import { agentWith, assertRegisteredOnRead, OIDC_REQUEST_URI, problemsOf, type RecordingAgent } from './support/inputsAgent';

const CONNECTION = 'dbx-conn';
const WORKSPACE = 'https://dbc-1a2b3c4d-5e6f.cloud.databricks.com';
const SP = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A run signing in with the Databricks workspace connection; databricksHost is empty unless `inputs` gives one. */
function agentFor(authorization: EndpointAuthorization, inputs: Record<string, string> = {}, url: string = WORKSPACE): RecordingAgent {
  return agentWith({
    inputs: { authType: 'databricksConnection', databricksConnection: CONNECTION, databricksHost: '', gitCredential: 'none', ...inputs },
    endpoints: { [CONNECTION]: { authorization, url } },
  });
}

const federation: EndpointAuthorization = { scheme: 'None', parameters: { clientId: SP } };
const oauthSecret: EndpointAuthorization = { scheme: 'UsernamePassword', parameters: { username: SP, password: 'oauth-secret' } };
const pat: EndpointAuthorization = { scheme: 'Token', parameters: { apitoken: 'dapi-pat' } };

describe('inputs: authType databricksConnection', () => {
  describe('the credential of each scheme', () => {
    it('None with clientId: federation with an ID token requested with the job access token', () => {
      const options = readTaskOptions(agentFor(federation));
      assert.deepEqual(options.credential, {
        kind: 'databricksFederation',
        host: WORKSPACE,
        clientId: SP,
        idToken: { kind: 'request', serviceConnectionId: CONNECTION, systemAccessToken: 'system-access-token', oidcRequestUri: OIDC_REQUEST_URI },
      });
      assert.equal(options.identityDescription, `Databricks workspace connection '${CONNECTION}' (workload identity federation, ${WORKSPACE})`);
    });

    it('UsernamePassword: the OAuth secret', () => {
      const options = readTaskOptions(agentFor(oauthSecret));
      assert.deepEqual(options.credential, { kind: 'databricksOAuthSecret', host: WORKSPACE, clientId: SP, clientSecret: 'oauth-secret' });
      assert.equal(options.identityDescription, `Databricks workspace connection '${CONNECTION}' (OAuth client secret, ${WORKSPACE})`);
    });

    it('Token: the personal access token', () => {
      const options = readTaskOptions(agentFor(pat));
      assert.deepEqual(options.credential, { kind: 'databricksToken', host: WORKSPACE, token: 'dapi-pat' });
    });
  });

  describe('databricksHost', () => {
    it("empty: the connection's workspace, reduced to its origin", () => {
      const options = readTaskOptions(agentFor(pat, {}, `${WORKSPACE}/?o=1234567890#folder/5`));
      assert.equal(options.databricksHost, WORKSPACE);
      assert.ok(options.credential.kind === 'databricksToken' && options.credential.host === WORKSPACE);
    });

    it('the same workspace (any case, a trailing slash): accepted', () => {
      const options = readTaskOptions(agentFor(pat, { databricksHost: `${WORKSPACE.toUpperCase().replace('HTTPS', 'https')}/` }));
      assert.equal(options.databricksHost, WORKSPACE);
    });

    it("another workspace: a databricksHost problem naming both URLs, so the connection's secret goes nowhere else", () => {
      const other = 'https://adb-1234567890123456.7.azuredatabricks.net';
      const problems = problemsOf(agentFor(oauthSecret, { databricksHost: other }));
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0].startsWith(`databricksHost: '${other}' is not the workspace of the Databricks workspace connection (${WORKSPACE}).`), problems[0]);
      assert.match(problems[0], /Leave databricksHost empty to use the connection's workspace/);
    });
  });

  it('gitCredential entraToken, the default: a gitCredential problem naming personalAccessToken, federated and none', () => {
    const agent = agentWith({
      inputs: { authType: 'databricksConnection', databricksConnection: CONNECTION, databricksHost: '' },
      endpoints: { [CONNECTION]: { authorization: pat, url: WORKSPACE } },
    });
    const problems = problemsOf(agent);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^gitCredential: entraToken needs a Microsoft Entra sign-in/);
    for (const mode of ['personalAccessToken', 'federated', 'none']) assert.ok(problems[0].includes(mode), `${mode} not named`);
    assert.equal(problemsOf(agentFor(pat, { gitCredential: 'entraToken' })).length, 1);
  });

  it('personalAccessToken and federated Git credentials are accepted with it', () => {
    assert.deepEqual(readTaskOptions(agentFor(pat, { gitCredential: 'federated' })).gitCredential, { mode: 'federated' });
    const options = readTaskOptions(agentFor(oauthSecret, { gitCredential: 'personalAccessToken', gitToken: 'ado-pat' }));
    assert.equal(options.gitCredential.token, 'ado-pat');
  });

  describe('secrets', () => {
    it('the password, the apitoken and a late-bound idToken are registered the moment the authorization is read', () => {
      const read = `getEndpointAuthorization ${CONNECTION}`;
      for (const [authorization, secret] of [
        [oauthSecret, 'oauth-secret'],
        [pat, 'dapi-pat'],
        [{ scheme: 'None', parameters: { clientId: SP, idToken: 'eyJ.late.bound' } }, 'eyJ.late.bound'],
      ] as const) {
        const agent = agentFor(authorization);
        readTaskOptions(agent);
        assertRegisteredOnRead(agent, read, secret);
      }
    });

    it('reads the connection whole and its URL without echo, nothing parameter by parameter', () => {
      const agent = agentFor(oauthSecret);
      readTaskOptions(agent);
      // getEndpointAuthorizationParameter would write each value to the debug log; the Agent does not offer it at all
      const ofConnection = agent.calls.filter((call) => call.endsWith(` ${CONNECTION}`) || call.includes(` ${CONNECTION} `));
      assert.deepEqual(ofConnection, [`getEndpointAuthorization ${CONNECTION}`, `getEndpointUrl ${CONNECTION}`]);
    });

    it("credentials in the connection's URL are registered when it is read", () => {
      const agent = agentFor(pat, {}, 'https://user:url-secret@dbc-1a2b3c4d-5e6f.cloud.databricks.com');
      readTaskOptions(agent);
      assertRegisteredOnRead(agent, `getEndpointUrl ${CONNECTION}`, 'url-secret');
    });

    it('the client id and user name are not secrets', () => {
      const agent = agentFor(oauthSecret);
      readTaskOptions(agent);
      assert.ok(!agent.secrets.includes(SP));
    });
  });

  describe('a missing or broken connection', () => {
    it('no databricksConnection input: required', () => {
      const problems = problemsOf(agentFor(pat, { databricksConnection: '' }));
      assert.ok(problems.some((problem) => problem.startsWith('databricksConnection: required. authType databricksConnection needs')), problems.join('\n'));
    });

    it('a connection the pipeline cannot see: not found', () => {
      const problems = problemsOf(agentFor(pat, { databricksConnection: 'elsewhere' }));
      assert.ok(
        problems.includes("databricksConnection: service connection 'elsewhere' was not found, or this pipeline is not authorised to use it."),
        problems.join('\n'),
      );
    });

    it("the connection's own problems, each named databricksConnection", () => {
      const problems = problemsOf(agentFor({ scheme: 'UsernamePassword', parameters: { username: SP } }, { databricksHost: WORKSPACE }));
      assert.deepEqual(problems, [
        `databricksConnection: Databricks workspace connection '${CONNECTION}' has no OAuth secret (authorization parameter password).`,
      ]);
    });

    it('a broken connection with databricksHost empty: no second problem about databricksHost, and entraToken still refused', () => {
      const problems = problemsOf(agentFor({ scheme: 'UsernamePassword', parameters: { username: SP } }, { databricksHost: '', gitCredential: 'entraToken' }));
      assert.ok(!problems.some((problem) => problem.startsWith('databricksHost:')), problems.join('\n'));
      assert.ok(problems.some((problem) => problem.startsWith('gitCredential: entraToken needs a Microsoft Entra sign-in')), problems.join('\n'));
    });

    it('federation on a job without System.AccessToken: a databricksConnection problem', () => {
      const agent = agentWith({
        inputs: { authType: 'databricksConnection', databricksConnection: CONNECTION, databricksHost: WORKSPACE, gitCredential: 'none' },
        endpoints: { [CONNECTION]: { authorization: federation, url: WORKSPACE }, SystemVssConnection: { authorization: { scheme: 'OAuth', parameters: {} } } },
      });
      const problems = problemsOf(agent);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /^databricksConnection: .* uses workload identity federation, but the job has no access token \(System\.AccessToken\)/);
    });
  });
});
