// Specs of readTaskOptions: defaults, every validation rule, ref and provider rules (auth types and secrets: own specs).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, readTaskOptions } from '../../tasks/DatabricksRepoSyncV1/src/inputs';
import type { TaskOptions } from '../../tasks/DatabricksRepoSyncV1/src/options';
import { makeTempFolder, removeTempFolder } from '../support/tempFolders';
import { agentWith, assertRegisteredOnRead, CLIENT, OIDC_REQUEST_URI, type Overrides, problemsOf, TENANT } from './support/inputsAgent';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('inputs', () => {
  describe('defaults', () => {
    it('applies the SPEC defaults to a minimal service-connection setup', () => {
      const options = readTaskOptions(agentWith());
      const expected: TaskOptions = {
        credential: {
          kind: 'federation',
          authorityHost: 'https://login.microsoftonline.com',
          authoritySource: "the service connection's Entra authority",
          tenantId: TENANT,
          clientId: CLIENT,
          idToken: {
            kind: 'request',
            serviceConnectionId: 'conn-1',
            systemAccessToken: 'system-access-token',
            oidcRequestUri: OIDC_REQUEST_URI,
          },
        },
        identityDescription: `service connection 'conn-1' (WorkloadIdentityFederation, client ${CLIENT}, tenant ${TENANT})`,
        databricksHost: 'https://adb-1234567890123456.7.azuredatabricks.net',
        repoUrl: 'https://dev.azure.com/org/Project/_git/repo',
        gitProvider: 'azureDevOpsServices',
        gitCredential: { mode: 'entraToken' },
        repoPath: '/Repos/ci/repo',
        ref: { kind: 'branch', name: 'main' },
        sparseCheckoutPatterns: [],
        createIfMissing: true,
        onMismatch: 'fail',
        discardLocalChanges: false,
        permissions: [],
        replacePermissions: false,
        exportTokens: false,
        dryRun: false,
        retryTimeoutSeconds: 300,
        requestTimeoutSeconds: 300,
      };
      assert.deepEqual(options, expected);
    });

    it('reads every optional input when set', () => {
      const options = readTaskOptions(
        agentWith({
          inputs: {
            gitUsername: 'ci-bot',
            gitEmail: 'ci@contoso.com',
            sparseCheckoutPatterns: ' src \n\n notebooks/etl \n',
            createIfMissing: 'FALSE',
            onMismatch: 'Recreate',
            discardLocalChanges: 'true',
            expectedCommit: COMMIT.toUpperCase(),
            permissions: 'group:data-engineers=CAN_MANAGE\nuser:alice@contoso.com=can_read',
            replacePermissions: 'True',
            exportTokens: 'true',
            dryRun: 'true',
            retryTimeoutSeconds: '60',
            requestTimeoutSeconds: '900',
          },
        }),
      );
      assert.deepEqual(options.gitCredential, { mode: 'entraToken', username: 'ci-bot', email: 'ci@contoso.com' });
      assert.deepEqual(options.sparseCheckoutPatterns, ['src', 'notebooks/etl']);
      assert.equal(options.createIfMissing, false);
      assert.equal(options.onMismatch, 'recreate');
      assert.equal(options.discardLocalChanges, true);
      assert.equal(options.expectedCommit, COMMIT);
      assert.deepEqual(options.permissions, [
        { principalType: 'group', principal: 'data-engineers', level: 'CAN_MANAGE' },
        { principalType: 'user', principal: 'alice@contoso.com', level: 'CAN_READ' },
      ]);
      assert.equal(options.replacePermissions, true);
      assert.equal(options.exportTokens, true);
      assert.equal(options.dryRun, true);
      assert.equal(options.retryTimeoutSeconds, 60);
      assert.equal(options.requestTimeoutSeconds, 900);
    });

    it('maps the agent proxy and masks its password', () => {
      const agent = agentWith({
        proxy: { proxyUrl: 'http://proxy:8888', proxyUsername: 'u', proxyPassword: 'proxy-pass', proxyBypassHosts: ['\\.internal$'] },
      });
      const options = readTaskOptions(agent);
      assert.deepEqual(options.proxy, { url: 'http://proxy:8888', username: 'u', password: 'proxy-pass', bypass: ['\\.internal$'] });
      assertRegisteredOnRead(agent, 'getHttpProxyConfiguration', 'proxy-pass');
    });

    it('has no proxy when the agent has none', () => {
      assert.equal(readTaskOptions(agentWith()).proxy, undefined);
    });
  });

  describe('URL normalisation', () => {
    it('reduces databricksHost to its origin', () => {
      const options = readTaskOptions(agentWith({ inputs: { databricksHost: ' https://ADB-1.2.azuredatabricks.net/?o=1#x ' } }));
      assert.equal(options.databricksHost, 'https://adb-1.2.azuredatabricks.net');
    });

    it('strips user info from repoUrl and masks a password in it', () => {
      const agent = agentWith({ inputs: { repoUrl: 'https://me:pat%2Fsecret@github.com/o/r.git', gitCredential: 'none' } });
      const options = readTaskOptions(agent);
      assert.equal(options.repoUrl, 'https://github.com/o/r.git');
      assertRegisteredOnRead(agent, 'getQuietInput repoUrl', 'pat%2Fsecret');
      assert.ok(agent.secrets.includes('pat/secret'));
    });

    it("reads the agent's CA file (Agent.CAInfo), and names it when it cannot be read", () => {
      const file = path.join(makeTempFolder('inputs-ca-'), 'ca.pem');
      fs.writeFileSync(file, 'PEM');
      const options = readTaskOptions(agentWith({ inputs: { repoUrl: 'https://github.com/o/r', gitCredential: 'none' }, caFile: file }));
      assert.equal(options.agentCertificateAuthority, 'PEM');
      const problems = problemsOf(agentWith({ inputs: { repoUrl: 'https://github.com/o/r', gitCredential: 'none' }, caFile: `${file}.missing` }));
      assert.ok(problems.some((problem) => problem.startsWith('Agent.CAInfo:')), problems.join('\n'));
      removeTempFolder(path.dirname(file));
    });

    it('falls back to Build.Repository.Uri only when repoUrl is empty', () => {
      const options = readTaskOptions(agentWith({ inputs: { repoUrl: 'https://github.com/o/r', gitCredential: 'none' } }));
      assert.equal(options.repoUrl, 'https://github.com/o/r');
    });
  });

  describe('ref', () => {
    it('takes a branch with slashes from Build.SourceBranch', () => {
      const options = readTaskOptions(agentWith({ variables: { 'Build.SourceBranch': 'refs/heads/release/2026/05' } }));
      assert.deepEqual(options.ref, { kind: 'branch', name: 'release/2026/05' });
    });

    it('takes a tag from Build.SourceBranch', () => {
      const options = readTaskOptions(agentWith({ variables: { 'Build.SourceBranch': 'refs/tags/v1.4.0' } }));
      assert.deepEqual(options.ref, { kind: 'tag', name: 'v1.4.0' });
    });

    it("takes a pull request's source branch", () => {
      const variables = {
        'Build.Reason': 'PullRequest',
        'Build.SourceBranch': 'refs/pull/42/merge',
        'System.PullRequest.SourceBranch': 'refs/heads/users/me/fix',
      };
      assert.deepEqual(readTaskOptions(agentWith({ variables })).ref, { kind: 'branch', name: 'users/me/fix' });
    });

    it('prefers the branch or tag input over the pipeline ref', () => {
      assert.deepEqual(readTaskOptions(agentWith({ inputs: { branch: 'dev/next' } })).ref, { kind: 'branch', name: 'dev/next' });
      assert.deepEqual(readTaskOptions(agentWith({ inputs: { tag: 'v2' } })).ref, { kind: 'tag', name: 'v2' });
    });

    it('fails on an unsupported pipeline ref, saying to set branch or tag', () => {
      const problems = problemsOf(agentWith({ variables: { 'Build.SourceBranch': 'refs/pull/42/merge' } }));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^branch: .*'refs\/pull\/42\/merge'.*Set the branch or tag input/);
    });
  });

  describe('provider', () => {
    for (const [url, provider] of [
      ['https://dev.azure.com/o/p/_git/r', 'azureDevOpsServices'],
      ['https://contoso.visualstudio.com/p/_git/r', 'azureDevOpsServices'],
      ['https://github.com/o/r', 'gitHub'],
      ['https://gitlab.com/o/r', 'gitLab'],
      ['https://bitbucket.org/o/r', 'bitbucketCloud'],
    ] as const) {
      it(`detects ${provider} from ${url}`, () => {
        const options = readTaskOptions(agentWith({ inputs: { repoUrl: url, gitCredential: 'none' } }));
        assert.equal(options.gitProvider, provider);
      });
    }

    it('takes gitProvider for a self-hosted server', () => {
      const inputs = { repoUrl: 'https://git.contoso.com/o/r', gitProvider: 'gitLabEnterpriseEdition', gitCredential: 'none' };
      assert.equal(readTaskOptions(agentWith({ inputs })).gitProvider, 'gitLabEnterpriseEdition');
    });
  });

  describe('invalid inputs', () => {
    const cases: [string, Overrides, string, RegExp][] = [
      ['authType unknown', { inputs: { authType: 'password' } }, 'authType', /'password' is not one of serviceConnection/],
      ['databricksHost missing', { inputs: { databricksHost: '' } }, 'databricksHost', /required\. Expected the workspace URL/],
      ['databricksHost http', { inputs: { databricksHost: 'http://x' } }, 'databricksHost', /'http:\/\/x' is not an https:\/\/ URL\. Expected the workspace URL, e\.g\. https:\/\/adb-/],
      ['databricksHost not a URL', { inputs: { databricksHost: 'adb-1.azuredatabricks.net' } }, 'databricksHost', /not an https:\/\/ URL/],
      ['repoUrl ssh', { inputs: { repoUrl: 'git@github.com:o/r.git' } }, 'repoUrl', /not an https:\/\/ URL/],
      ['repoUrl and Build.Repository.Uri empty', { variables: { 'Build.Repository.Uri': '' } }, 'repoUrl', /required/],
      ['repoUrl without repository', { inputs: { repoUrl: 'https://github.com' } }, 'repoUrl', /no repository/],
      ['gitProvider unknown host', { inputs: { repoUrl: 'https://git.contoso.com/o/r' } }, 'gitProvider', /Set gitProvider/],
      ['gitProvider not a provider', { inputs: { gitProvider: 'svn' } }, 'gitProvider', /'svn' is not one of/],
      ['gitCredential unknown', { inputs: { gitCredential: 'oauth' } }, 'gitCredential', /'oauth' is not one of entraToken/],
      ['entraToken on GitHub', { inputs: { repoUrl: 'https://github.com/o/r' } }, 'gitCredential', /entraToken works only with Azure DevOps/],
      ['federated on GitLab', { inputs: { repoUrl: 'https://gitlab.com/o/r', gitCredential: 'federated' } }, 'gitCredential', /federated works only with Azure DevOps/],
      ['entraToken with gitProvider azureDevOpsServices on another host', { inputs: { repoUrl: 'https://git.attacker.example/o/r', gitProvider: 'azureDevOpsServices' } }, 'gitCredential', /never handed to another host/],
      ['federated with gitProvider azureDevOpsServices on another host', { inputs: { repoUrl: 'https://git.attacker.example/o/r', gitProvider: 'azureDevOpsServices', gitCredential: 'federated' } }, 'gitCredential', /dev\.azure\.com or \*\.visualstudio\.com/],
      ['gitEmail without gitUsername', { inputs: { gitEmail: 'ci@contoso.com' } }, 'gitEmail', /needs gitUsername/],
      ['permissions for the admins group', { inputs: { permissions: 'group:admins=CAN_READ' } }, 'permissions', /admins group/],
      ['tenantId common', { inputs: { authType: 'clientSecret', tenantId: 'common', clientId: CLIENT, clientSecret: 's' } }, 'tenantId', /service principal can sign in to/],
      ['repoUrl with a query', { inputs: { repoUrl: 'https://gitlab.com/o/r?private_token=glpat-secret' } }, 'repoUrl', /query string or fragment/],
      ['repoPath with NEL', { inputs: { repoPath: '/Shared/a\u0085b' } }, 'repoPath', /control character/],
      ['repoPath with a blank segment', { inputs: { repoPath: '/Shared/ /b' } }, 'repoPath', /only spaces/],
      ['personalAccessToken without gitToken', { inputs: { gitCredential: 'personalAccessToken' } }, 'gitToken', /required/],
      ['repoPath missing', { inputs: { repoPath: '' } }, 'repoPath', /required/],
      ['repoPath relative', { inputs: { repoPath: 'Repos/a/b' } }, 'repoPath', /not absolute/],
      ['repoPath with ..', { inputs: { repoPath: '/Shared/../x' } }, 'repoPath', /'\.\.' segment/],
      ['repoPath under /Repos too deep', { inputs: { repoPath: '/Repos/a/b/c' } }, 'repoPath', /exactly \/Repos\/<folder>\/<name>/],
      ['branch and tag', { inputs: { branch: 'main', tag: 'v1' } }, 'branch', /both set/],
      ['tag invalid', { inputs: { tag: 'v 1' } }, 'tag', /not a valid Git tag name/],
      ['createIfMissing not boolean', { inputs: { createIfMissing: 'yes' } }, 'createIfMissing', /Expected true or false/],
      ['dryRun not boolean', { inputs: { dryRun: '1' } }, 'dryRun', /Expected true or false/],
      ['discardLocalChanges not boolean', { inputs: { discardLocalChanges: 'maybe' } }, 'discardLocalChanges', /Expected true or false/],
      ['replacePermissions not boolean', { inputs: { replacePermissions: 'on' } }, 'replacePermissions', /Expected true or false/],
      ['exportTokens not boolean', { inputs: { exportTokens: 'tru' } }, 'exportTokens', /Expected true or false/],
      ['onMismatch unknown', { inputs: { onMismatch: 'delete' } }, 'onMismatch', /'delete' is not one of fail, recreate/],
      ['retryTimeoutSeconds zero', { inputs: { retryTimeoutSeconds: '0' } }, 'retryTimeoutSeconds', /not positive/],
      ['requestTimeoutSeconds fraction', { inputs: { requestTimeoutSeconds: '2.5' } }, 'requestTimeoutSeconds', /positive integer/],
      ['expectedCommit short', { inputs: { expectedCommit: 'abc123' } }, 'expectedCommit', /not a full commit id/],
      ['permissions bad level', { inputs: { permissions: 'user:a@b.c=OWNER' } }, 'permissions', /'OWNER' is not one of CAN_READ/],
      ['permissions bad line', { inputs: { permissions: 'everyone' } }, 'permissions', /not a permission line/],
      ['azureSubscription missing', { inputs: { azureSubscription: '' } }, 'azureSubscription', /required/],
      ['azureSubscription unknown', { inputs: { azureSubscription: 'nope' } }, 'azureSubscription', /'nope' was not found/],
      ['service connection scheme unsupported', { endpoints: { 'conn-1': { authorization: { scheme: 'UsernamePassword', parameters: {} } } } }, 'azureSubscription', /'UsernamePassword'.*Supported: ServicePrincipal/],
      ['clientSecret: tenant missing', { inputs: { authType: 'clientSecret', clientId: CLIENT, clientSecret: 's' } }, 'tenantId', /required/],
      ['clientSecret: client id not a GUID', { inputs: { authType: 'clientSecret', tenantId: TENANT, clientId: 'app', clientSecret: 's' } }, 'clientId', /Expected a GUID/],
      ['clientSecret: secret missing', { inputs: { authType: 'clientSecret', tenantId: TENANT, clientId: CLIENT } }, 'clientSecret', /required/],
      ['clientSecret: authorityHost http', { inputs: { authType: 'clientSecret', tenantId: TENANT, clientId: CLIENT, clientSecret: 's', authorityHost: 'http://login' } }, 'authorityHost', /not an https:\/\/ URL/],
      ['clientCertificate: path missing', { inputs: { authType: 'clientCertificate', tenantId: TENANT, clientId: CLIENT } }, 'certificatePath', /required/],
      ['managedIdentity: client id not a GUID', { inputs: { authType: 'managedIdentity', clientId: 'mi' } }, 'clientId', /Expected a GUID/],
    ];

    for (const [title, overrides, input, pattern] of cases) {
      it(`${title} → ${input}`, () => {
        const problems = problemsOf(agentWith(overrides));
        const named = problems.filter((problem) => problem.startsWith(`${input}: `));
        assert.ok(named.length > 0, `no problem names ${input}: ${problems.join(' | ')}`);
        assert.match(named.join('\n'), pattern);
      });
    }

    it('reports every problem at once, in one InputError naming each input', () => {
      const agent = agentWith({
        inputs: { databricksHost: 'http://x', repoPath: 'x', dryRun: 'y', branch: 'a', tag: 'b', retryTimeoutSeconds: '-1' },
      });
      let caught: unknown;
      try {
        readTaskOptions(agent);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof InputError);
      assert.deepEqual(
        caught.problems.map((problem) => problem.split(':')[0]),
        ['databricksHost', 'repoPath', 'branch', 'dryRun', 'retryTimeoutSeconds'],
      );
      assert.match(caught.message, /^5 task inputs are invalid:\n- databricksHost: /);
    });

    it('makes no call but reads: nothing is sent or logged', () => {
      const agent = agentWith({ inputs: { databricksHost: 'http://x' } });
      problemsOf(agent);
      assert.deepEqual(agent.lines, []);
      assert.equal(agent.outputs.size, 0);
    });
  });
});
