// Reads every task input and pipeline variable through the Agent, checks all of SPEC §2, and returns one TaskOptions.

import * as fs from 'node:fs';
import type { Agent } from './agent';
import type {
  GitCredentialMode,
  GitCredentialOptions,
  GitProvider,
  GitRef,
  ProxySettings,
  TaskOptions,
} from './options';
import { readInput, readQuietInput, readSecretInput, readUrlInput, readVariable, registerSecret, registerUrlSecrets } from './rawInputs';
import { readSignIn, type SignIn } from './signInInputs';
import { checkBoolean } from './validation/booleans';
import { quote, type Checked } from './validation/checked';
import { checkChoice } from './validation/choices';
import { checkCommitId } from './validation/commitId';
import { resolveRef } from './validation/gitRef';
import { checkGitProvider, isAzureDevOpsHost } from './validation/gitProvider';
import { checkRemoteUrl, checkWorkspaceUrl, shownUrl } from './validation/httpsUrl';
import { InputProblems, required } from './validation/inputError';
import { nonBlankLines } from './validation/lines';
import { parsePermissions } from './validation/permissions';
import { checkPositiveSeconds } from './validation/numbers';
import { checkRepoPath } from './validation/repoPath';

export { InputError } from './validation/inputError';

const GIT_CREDENTIAL_MODES: readonly GitCredentialMode[] = ['entraToken', 'federated', 'personalAccessToken', 'none'];
const DEFAULT_SECONDS = 300;

function readFlag(agent: Agent, problems: InputProblems, name: string, fallback: boolean): boolean {
  const value = readInput(agent, name);
  return value === undefined ? fallback : problems.take(name, checkBoolean(value), fallback);
}

function readSeconds(agent: Agent, problems: InputProblems, name: string): number {
  const value = readInput(agent, name);
  return value === undefined ? DEFAULT_SECONDS : problems.take(name, checkPositiveSeconds(value), DEFAULT_SECONDS);
}

/** repoUrl, else Build.Repository.Uri; read without the debug echo, and credentials in it registered before anything. */
function readRepoUrl(agent: Agent, problems: InputProblems): string | undefined {
  const value = readQuietInput(agent, 'repoUrl') ?? readVariable(agent, 'Build.Repository.Uri');
  registerUrlSecrets(agent, value);
  if (value === undefined) {
    const expected = 'Expected the HTTPS URL of the Git repository';
    problems.add('repoUrl', `required: it is empty and so is Build.Repository.Uri. ${expected}.`);
    return undefined;
  }
  const checked = checkRemoteUrl(value);
  if (checked.ok) return checked.value;
  problems.take('repoUrl', checked, '');
  return undefined;
}

/**
 * `entraToken` and `federated` hand an Entra identity to Azure DevOps: the provider must be Azure DevOps and so must
 * the host, or the Entra token for Azure DevOps would be sent (through Databricks) to another host.
 */
function checkAzureDevOpsTarget(problems: InputProblems, mode: GitCredentialMode, provider: Checked<GitProvider>, repoUrl: string | undefined): void {
  // Without a provider its own problem says what to fix; a second problem about the host would only repeat it.
  if ((mode !== 'entraToken' && mode !== 'federated') || !provider.ok) return;
  const fix = 'Use personalAccessToken with gitToken, or none for a public repository.';
  if (provider.value !== 'azureDevOpsServices') {
    problems.add('gitCredential', `${mode} works only with Azure DevOps repositories, but the provider is ${provider.value}. ${fix}`);
  } else if (repoUrl !== undefined && !isAzureDevOpsHost(new URL(repoUrl).hostname)) {
    problems.add(
      'gitCredential',
      `${mode} works only with repositories on dev.azure.com or *.visualstudio.com, but repoUrl is on ` +
        `${quote(new URL(repoUrl).hostname)}: the Entra token for Azure DevOps is never handed to another host. ${fix}`,
    );
  }
}

/** The Databricks Git credential to keep; `entraToken` and `federated` only work for Azure DevOps remotes. */
function readGitCredential(
  agent: Agent,
  problems: InputProblems,
  provider: Checked<GitProvider>,
  repoUrl: string | undefined,
  databricksNative: boolean,
): GitCredentialOptions {
  const modeInput = readInput(agent, 'gitCredential') ?? 'entraToken';
  const mode = problems.take('gitCredential', checkChoice(modeInput, GIT_CREDENTIAL_MODES), 'none');
  if (mode === 'entraToken' && databricksNative) {
    problems.add(
      'gitCredential',
      'entraToken needs a Microsoft Entra sign-in (it stores an Entra token for Azure DevOps), but authType is ' +
        'databricksConnection. With a Databricks workspace connection use personalAccessToken (with gitToken, for any ' +
        'provider, an Azure DevOps PAT included), federated (Azure Databricks with an Entra-managed service principal) ' +
        'or none.',
    );
    return { mode: 'none' };
  }
  checkAzureDevOpsTarget(problems, mode, provider, repoUrl);
  if (mode === 'none' || mode === 'federated') return { mode };
  const options: GitCredentialOptions = { mode };
  if (mode === 'personalAccessToken') {
    const expected = 'gitCredential personalAccessToken needs the Git provider token; pass a secret variable';
    options.token = required(problems, 'gitToken', readSecretInput(agent, 'gitToken'), expected);
  }
  const username = readInput(agent, 'gitUsername');
  const email = readInput(agent, 'gitEmail');
  if (email && !username) problems.add('gitEmail', 'needs gitUsername too: Databricks refuses a committer e-mail without a name.');
  if (username) options.username = username;
  if (email) options.email = email;
  return options;
}

function readRef(agent: Agent, problems: InputProblems): GitRef {
  const resolved = resolveRef(readInput(agent, 'branch'), readInput(agent, 'tag'), {
    buildReason: readVariable(agent, 'Build.Reason'),
    sourceBranch: readVariable(agent, 'Build.SourceBranch'),
    pullRequestSourceBranch: readVariable(agent, 'System.PullRequest.SourceBranch'),
  });
  return problems.take(resolved.input, resolved.checked, { kind: 'branch', name: '' });
}

/** The agent's CA file (Agent.CAInfo), read now so a missing file fails before any request. */
function readAgentCertificateAuthority(agent: Agent, problems: InputProblems): string | undefined {
  const file = agent.getCertificateAuthorityFile();
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    problems.add('Agent.CAInfo', `the agent's certificate authority file ${file} cannot be read. Check the agent's --sslcacert setting.`);
    return undefined;
  }
}

function readProxy(agent: Agent): ProxySettings | undefined {
  const proxy = agent.getHttpProxyConfiguration();
  if (!proxy?.proxyUrl) return undefined;
  // The password also travels URL-encoded inside the proxy URL handed to the tunnel agent, and may already sit there.
  registerSecret(agent, proxy.proxyPassword);
  if (proxy.proxyPassword) registerSecret(agent, encodeURIComponent(proxy.proxyPassword));
  registerUrlSecrets(agent, proxy.proxyUrl);
  const settings: ProxySettings = { url: proxy.proxyUrl, bypass: [...(proxy.proxyBypassHosts ?? [])] };
  if (proxy.proxyUsername) settings.username = proxy.proxyUsername;
  if (proxy.proxyPassword) settings.password = proxy.proxyPassword;
  return settings;
}

type GitTarget = Pick<TaskOptions, 'databricksHost' | 'repoUrl' | 'gitProvider' | 'gitCredential' | 'repoPath' | 'ref'>;

/**
 * databricksHost, or with a Databricks workspace connection its URL. A value given besides a connection must name the
 * same workspace: the connection's secret is only ever sent to the connection's own workspace.
 */
function readDatabricksHost(agent: Agent, problems: InputProblems, signIn: SignIn): string {
  const hostInput = readUrlInput(agent, 'databricksHost');
  const workspace = 'Expected the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net';
  // With a connection whose URL had a problem, that problem says what to fix: no second one about databricksHost.
  if (hostInput === undefined) return signIn.databricksNative ? (signIn.workspaceUrl ?? '') : required(problems, 'databricksHost', undefined, workspace);
  const host = problems.take('databricksHost', checkWorkspaceUrl(hostInput), '');
  if (host && signIn.workspaceUrl && host !== signIn.workspaceUrl) {
    problems.add(
      'databricksHost',
      `${shownUrl(hostInput)} is not the workspace of the Databricks workspace connection (${signIn.workspaceUrl}). Leave ` +
        "databricksHost empty to use the connection's workspace, or choose the connection of that workspace.",
    );
  }
  return host;
}

function readGitTarget(agent: Agent, problems: InputProblems, signIn: SignIn): GitTarget {
  const databricksHost = readDatabricksHost(agent, problems, signIn);
  const repoUrl = readRepoUrl(agent, problems);
  const provider = checkGitProvider(readInput(agent, 'gitProvider'), repoUrl);
  const gitProvider = problems.take('gitProvider', provider, 'azureDevOpsServices');
  const gitCredential = readGitCredential(agent, problems, provider, repoUrl, signIn.databricksNative === true);
  const pathInput = readInput(agent, 'repoPath');
  const repoPath = pathInput === undefined
    ? required(problems, 'repoPath', undefined, 'Expected the workspace path of the Git folder, e.g. /Repos/ci/my-repo')
    : problems.take('repoPath', checkRepoPath(pathInput), '');
  const ref = readRef(agent, problems);
  return { databricksHost, repoUrl: repoUrl ?? '', gitProvider, gitCredential, repoPath, ref };
}

function readExpectedCommit(agent: Agent, problems: InputProblems): string | undefined {
  const value = readInput(agent, 'expectedCommit');
  return value === undefined ? undefined : problems.take('expectedCommit', checkCommitId(value), undefined);
}

/**
 * All inputs as one typed object. Throws InputError listing every problem (each starting with its input's name)
 * before anything is sent anywhere. Secrets are registered with the agent the moment they are read.
 */
export function readTaskOptions(agent: Agent): TaskOptions {
  const problems = new InputProblems();
  // Sign-in first, as it reads most secrets; every secret is registered the moment it is read.
  const signIn: SignIn = readSignIn(agent, problems);
  const target = readGitTarget(agent, problems, signIn);
  const mismatch = checkChoice(readInput(agent, 'onMismatch') ?? 'fail', ['fail', 'recreate'] as const);
  const onMismatch = problems.take('onMismatch', mismatch, 'fail');
  const options: TaskOptions = {
    credential: signIn.credential,
    identityDescription: signIn.identityDescription,
    ...target,
    sparseCheckoutPatterns: nonBlankLines(agent.getInput('sparseCheckoutPatterns')),
    createIfMissing: readFlag(agent, problems, 'createIfMissing', true),
    onMismatch,
    discardLocalChanges: readFlag(agent, problems, 'discardLocalChanges', false),
    expectedCommit: readExpectedCommit(agent, problems),
    permissions: problems.take('permissions', parsePermissions(agent.getInput('permissions')), []),
    replacePermissions: readFlag(agent, problems, 'replacePermissions', false),
    exportTokens: readFlag(agent, problems, 'exportTokens', false),
    dryRun: readFlag(agent, problems, 'dryRun', false),
    retryTimeoutSeconds: readSeconds(agent, problems, 'retryTimeoutSeconds'),
    requestTimeoutSeconds: readSeconds(agent, problems, 'requestTimeoutSeconds'),
  };
  if (options.expectedCommit === undefined) delete options.expectedCommit;
  const proxy = readProxy(agent);
  if (proxy) options.proxy = proxy;
  const authority = readAgentCertificateAuthority(agent, problems);
  if (authority) options.agentCertificateAuthority = authority;
  problems.throwIfAny();
  return options;
}
