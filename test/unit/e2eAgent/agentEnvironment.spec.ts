// Tests for the e2e agent's environment: inputs with task.json defaults, endpoints, variables, and a clean base.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildAgentEnvironment,
  readTaskInputs,
  toEnvName,
  type AgentEnvironmentOptions,
  type TaskInputDefinition,
} from '../../e2e/agent/agentEnvironment';
import type { AgentDirectories } from '../../e2e/agent/pipelineVariables';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const ENDPOINT_ID = '1D2A3B4C-0000-4000-8000-00000000abcd';
const ENDPOINT_KEY = ENDPOINT_ID.toLowerCase();

const sampleTaskJson = {
  inputs: [
    { name: 'authType', type: 'pickList', defaultValue: 'serviceConnection' },
    { name: 'azureSubscription', type: 'connectedService:AzureRM' },
    { name: 'authorityHost', type: 'string', defaultValue: 'https://login.microsoftonline.com', visibleRule: 'authType = clientSecret' },
    { name: 'repoUrl', type: 'string', defaultValue: '$(Build.Repository.Uri)' },
    { name: 'createIfMissing', type: 'boolean', defaultValue: true },
    { name: 'certificatePath', type: 'filePath' },
    { name: 'retryTimeoutSeconds', type: 'int', defaultValue: ' 300 ' },
  ],
};

const dirs: AgentDirectories = { work: '/w', temp: '/w/_temp', sources: '/w/s', artifacts: '/w/a' };

function build(overrides: Partial<AgentEnvironmentOptions> = {}): Record<string, string> {
  return buildAgentEnvironment({ taskInputs: sampleTaskJson.inputs as TaskInputDefinition[], dirs, ...overrides }).env;
}

describe('e2e agent: agentEnvironment', () => {
  const touched = ['HTTPS_PROXY', 'INPUT_LEFTOVER', 'NODE_EXTRA_CA_CERTS'];
  const saved = touched.map((name) => process.env[name]);
  afterEach(() => {
    touched.forEach((name, index) => {
      if (saved[index] === undefined) delete process.env[name];
      else process.env[name] = saved[index];
    });
  });

  it('formats names as the agent does', () => {
    assert.equal(toEnvName('Build.SourceBranch'), 'BUILD_SOURCEBRANCH');
    assert.equal(toEnvName('my var.x'), 'MY_VAR_X');
  });

  it('reads the inputs of a task.json', () => {
    const folder = makeTempFolder('agent-env-');
    fs.writeFileSync(path.join(folder, 'task.json'), JSON.stringify(sampleTaskJson));
    assert.deepEqual(readTaskInputs(folder).map((input) => input.name), sampleTaskJson.inputs.map((input) => input.name));
    removeTempFolder(folder);
  });

  it('passes every input default, hidden or not, trimmed and with macros expanded', () => {
    const env = build({ inputs: { authType: ' clientSecret ', databricksHost: 'https://adb-1.2.azuredatabricks.net' } });
    assert.equal(env['INPUT_AUTHTYPE'], 'clientSecret');
    assert.equal(env['INPUT_AUTHORITYHOST'], 'https://login.microsoftonline.com');
    assert.equal(env['INPUT_AZURESUBSCRIPTION'], '');
    assert.equal(env['INPUT_CREATEIFMISSING'], 'true');
    assert.equal(env['INPUT_RETRYTIMEOUTSECONDS'], '300');
    assert.equal(env['INPUT_DATABRICKSHOST'], 'https://adb-1.2.azuredatabricks.net');
    assert.equal(env['INPUT_REPOURL'], 'https://contoso@dev.azure.com/contoso/Data/_git/notebooks');
  });

  it('roots filePath inputs at the sources folder, an empty one becoming the folder itself', () => {
    assert.equal(build()['INPUT_CERTIFICATEPATH'], path.resolve('/w/s'));
    assert.equal(build({ inputs: { certificatePath: 'certs/sp.pem' } })['INPUT_CERTIFICATEPATH'], path.resolve('/w/s/certs/sp.pem'));
  });

  it('expands secret variables in inputs and leaves unknown macros', () => {
    const env = build({ inputs: { clientSecret: '$(spSecret)', other: '$(Not.Defined)' }, secretVariables: { spSecret: 's3' } });
    assert.equal(env['INPUT_CLIENTSECRET'], 's3');
    assert.equal(env['INPUT_OTHER'], '$(Not.Defined)');
  });

  it('writes a service connection as ENDPOINT_* variables', () => {
    const parameters = { serviceprincipalid: 'app', serviceprincipalkey: 'key', tenantid: 'tenant', authenticationType: 'spnKey' };
    const data = { environment: 'AzureCloud', activeDirectoryAuthority: 'https://127.0.0.1:1/' };
    const env = build({ endpoints: [{ id: ENDPOINT_ID, scheme: 'ServicePrincipal', parameters, data }] });
    assert.equal(env[`ENDPOINT_URL_${ENDPOINT_KEY}`], 'https://management.azure.com/');
    assert.deepEqual(JSON.parse(env[`ENDPOINT_AUTH_${ENDPOINT_KEY}`]), { parameters, scheme: 'ServicePrincipal' });
    assert.equal(env[`ENDPOINT_AUTH_SCHEME_${ENDPOINT_KEY}`], 'ServicePrincipal');
    assert.equal(env[`ENDPOINT_AUTH_PARAMETER_${ENDPOINT_KEY}_SERVICEPRINCIPALKEY`], 'key');
    assert.equal(env[`ENDPOINT_AUTH_PARAMETER_${ENDPOINT_KEY}_AUTHENTICATIONTYPE`], 'spnKey');
    assert.deepEqual(JSON.parse(env[`ENDPOINT_DATA_${ENDPOINT_KEY}`]), data);
    assert.equal(env[`ENDPOINT_DATA_${ENDPOINT_KEY}_ACTIVEDIRECTORYAUTHORITY`], 'https://127.0.0.1:1/');
  });

  it('adds the system connection with an OAuth access token and no endpoint data', () => {
    const result = buildAgentEnvironment({ taskInputs: [], dirs, systemAccessToken: 'sys-token' });
    const env = result.env;
    assert.equal(env['ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION'], 'OAuth');
    assert.equal(env['ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN'], 'sys-token');
    assert.equal(env['ENDPOINT_URL_SYSTEMVSSCONNECTION'], env['SYSTEM_COLLECTIONURI']);
    assert.equal(env['ENDPOINT_DATA_SYSTEMVSSCONNECTION'], undefined);
    assert.ok(result.knownSecrets.includes('sys-token'));
  });

  it('lists public variables in VSTS_PUBLIC_VARIABLES and secrets only as SECRET_*', () => {
    const env = build({ variables: { 'Build.SourceBranch': 'refs/tags/v1', 'My.Var': 'x' }, secretVariables: { 'My.Secret': 'y' } });
    assert.equal(env['BUILD_SOURCEBRANCH'], 'refs/tags/v1');
    assert.equal(env['MY_VAR'], 'x');
    assert.equal(env['SECRET_MY_SECRET'], 'y');
    assert.equal(env['MY_SECRET'], undefined);
    const publicNames = JSON.parse(env['VSTS_PUBLIC_VARIABLES']) as string[];
    assert.ok(publicNames.includes('Build.SourceBranch') && publicNames.includes('My.Var'));
    assert.ok(!publicNames.includes('My.Secret'));
    assert.deepEqual(JSON.parse(env['VSTS_SECRET_VARIABLES']), ['My.Secret']);
  });

  it('provides the job variables a task reads, System.Debug only when asked', () => {
    const env = build({ systemDebug: true });
    for (const name of ['SYSTEM_TEAMPROJECTID', 'SYSTEM_HOSTTYPE', 'SYSTEM_PLANID', 'SYSTEM_JOBID', 'AGENT_VERSION']) {
      assert.ok(env[name], name);
    }
    assert.equal(env['SYSTEM_DEBUG'], 'true');
    assert.equal(env['AGENT_TEMPDIRECTORY'], '/w/_temp');
    assert.equal(env['SYSTEM_DEFAULTWORKINGDIRECTORY'], '/w/s');
    assert.equal(build()['SYSTEM_DEBUG'], undefined);
  });

  it('derives System.OidcRequestUri from the collection, and null removes it', () => {
    const env = build({ variables: { 'system.collectionuri': 'https://127.0.0.1:8443/org/', 'System.PlanId': 'p', 'System.JobId': 'j' } });
    assert.equal(
      env['SYSTEM_OIDCREQUESTURI'],
      `https://127.0.0.1:8443/org/${env['SYSTEM_TEAMPROJECTID']}/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken`,
    );
    assert.equal(build({ variables: { 'System.OidcRequestUri': null } })['SYSTEM_OIDCREQUESTURI'], undefined);
  });

  it('gives the agent proxy as variables, the password as a secret', () => {
    const env = build({ proxy: { url: 'http://127.0.0.1:3128', username: 'u', password: 'pw', bypass: ['localhost'] } });
    assert.equal(env['AGENT_PROXYURL'], 'http://127.0.0.1:3128');
    assert.equal(env['AGENT_PROXYUSERNAME'], 'u');
    assert.equal(env['SECRET_AGENT_PROXYPASSWORD'], 'pw');
    assert.deepEqual(JSON.parse(env['AGENT_PROXYBYPASSLIST']), ['localhost']);
  });

  it('starts from a clean environment: nothing of the test process leaks in', () => {
    process.env['HTTPS_PROXY'] = 'http://leak:1';
    process.env['INPUT_LEFTOVER'] = 'x';
    process.env['NODE_EXTRA_CA_CERTS'] = '/parent/ca.pem';
    const env = build({ caFile: '/emulator/ca.pem' });
    assert.equal(env['HTTPS_PROXY'], undefined);
    assert.equal(env['INPUT_LEFTOVER'], undefined);
    assert.equal(env['NODE_EXTRA_CA_CERTS'], '/emulator/ca.pem');
    assert.equal(env['PATH'], process.env['PATH']);
    assert.equal(build()['NODE_EXTRA_CA_CERTS'], '/parent/ca.pem');
  });
});
