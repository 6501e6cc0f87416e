// The thin wrapper over azure-pipelines-task-lib: the only door to the agent, so everything else is tested with fakes.

import * as tl from 'azure-pipelines-task-lib/task';
import { neutralise } from './log';
import { rememberSecret } from './secrets';
import { secretLines } from './secretLines';

// The module object itself (not an import copy): task-lib calls its own `exports.debug`, which we silence below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const taskLibModule: { debug: (message: string) => void } = require('azure-pipelines-task-lib/task');

/**
 * task-lib's getInput and getEndpointUrl write `name=value` as a debug line; for a value that may hold a credential
 * that line would come before setSecret.
 */
function withoutDebugEcho<T>(read: () => T): T {
  const debug = taskLibModule.debug;
  taskLibModule.debug = () => undefined;
  try {
    return read();
  } finally {
    taskLibModule.debug = debug;
  }
}

function readWithoutDebugEcho(name: string): string | undefined {
  return withoutDebugEcho(() => tl.getInput(name, false) || undefined);
}

/**
 * task-lib's getVariable writes `name=value` through its internal debug, which cannot be silenced, and
 * Build.Repository.Uri may carry user info whose echo would come before setSecret. A public variable is read from the
 * environment as task-lib reads it (dots and spaces to `_`, upper case); a secret one (kept in task-lib's vault, not
 * the environment) through task-lib, where the agent already masks the value.
 */
function readVariableWithoutDebugEcho(name: string): string | undefined {
  const key = name.replace(/\./g, '_').replace(/ /g, '_').toUpperCase();
  return process.env[key] || tl.getVariable(name) || undefined;
}

export interface EndpointAuthorization {
  scheme: string;
  parameters: Record<string, string>;
}

export interface AgentProxy {
  proxyUrl: string;
  proxyUsername?: string;
  proxyPassword?: string;
  proxyBypassHosts: string[];
}

export interface Agent {
  /** raw input value, undefined when empty */
  getInput(name: string): string | undefined;
  /** an input that may hold a credential (a URL with user info): read without task-lib's `name=value` debug line */
  getQuietInput(name: string): string | undefined;
  /** an input that holds a secret: read without task-lib's `name=value` debug line, and registered as a secret */
  getSecretInput(name: string): string | undefined;
  /** pipeline variable (e.g. Build.SourceBranch), undefined when unset */
  getVariable(name: string): string | undefined;
  /**
   * The whole authorization of a service connection. Read this way (not parameter by parameter) because task-lib's
   * getEndpointAuthorizationParameter writes the value into a debug line, and the agent does not mask idToken.
   */
  getEndpointAuthorization(id: string): EndpointAuthorization | undefined;
  getEndpointDataParameter(id: string, key: string): string | undefined;
  /** a service connection's URL, read without task-lib's debug echo (a URL may carry user info) */
  getEndpointUrl(id: string): string | undefined;
  getHttpProxyConfiguration(): AgentProxy | undefined;
  /** the CA file the agent was configured with (Agent.CAInfo), for servers behind a corporate certificate */
  getCertificateAuthorityFile(): string | undefined;
  setSecret(value: string): void;
  setOutput(name: string, value: string, isSecret: boolean): void;
  /** attaches a markdown file to the run as its summary (task.uploadsummary) */
  uploadSummary(markdownFile: string): void;
  /** agent temp folder, for files such as the run summary */
  tempDirectory(): string;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  succeeded(message: string): void;
  succeededWithIssues(message: string): void;
  failed(message: string): void;
}

/** Registers one value with the agent, line by line (task-lib refuses a multi-line secret), and remembers it. */
function registerWithAgent(value: string | undefined): void {
  rememberSecret(value ?? '');
  for (const line of secretLines(value ?? '')) {
    rememberSecret(line);
    tl.setSecret(line);
  }
}

/**
 * The last line of defence before text reaches the log: every line of it neutralised, so no code path can print a
 * logging command or a forged line, whatever a message was built from. Idempotent on text already neutralised.
 */
function safe(message: string): string {
  return message.split('\n').map(neutralise).join('\n');
}

export const taskLibAgent: Agent = {
  getInput: (name) => tl.getInput(name, false) || undefined,
  getQuietInput: (name) => readWithoutDebugEcho(name),
  getSecretInput: (name) => {
    // Blank values are not registered: masking whitespace would garble every line of the log.
    const value = readWithoutDebugEcho(name)?.trim() || undefined;
    registerWithAgent(value);
    return value;
  },
  getVariable: (name) => readVariableWithoutDebugEcho(name),
  getEndpointAuthorization: (id) => {
    let auth: tl.EndpointAuthorization | undefined;
    try {
      auth = tl.getEndpointAuthorization(id, true);
    } catch {
      // task-lib's message for unparsable JSON quotes the raw value, which holds the connection's secrets.
      throw new Error(`The authorization of service connection ${id} could not be read (not valid JSON).`);
    }
    return auth ? { scheme: auth.scheme, parameters: { ...auth.parameters } } : undefined;
  },
  getEndpointDataParameter: (id, key) => tl.getEndpointDataParameter(id, key, true) || undefined,
  getEndpointUrl: (id) => withoutDebugEcho(() => tl.getEndpointUrl(id, true) || undefined),
  getHttpProxyConfiguration: () => {
    // Credentials in Agent.ProxyUrl were registered by earlySecrets.ts, before task-lib's own echo of it.
    const proxy = tl.getHttpProxyConfiguration();
    return proxy
      ? {
          proxyUrl: proxy.proxyUrl,
          proxyUsername: proxy.proxyUsername || undefined,
          proxyPassword: proxy.proxyPassword || undefined,
          proxyBypassHosts: proxy.proxyBypassHosts ?? [],
        }
      : undefined;
  },
  getCertificateAuthorityFile: () => tl.getHttpCertConfiguration()?.caFile || undefined,
  setSecret: (value) => registerWithAgent(value),
  setOutput: (name, value, isSecret) => tl.setVariable(name, value, isSecret, true),
  uploadSummary: (markdownFile) => tl.uploadSummary(markdownFile),
  tempDirectory: () => tl.getVariable('Agent.TempDirectory') || process.cwd(),
  info: (message) => console.log(safe(message)),
  debug: (message) => tl.debug(safe(message)),
  warning: (message) => tl.warning(safe(message)),
  succeeded: (message) => tl.setResult(tl.TaskResult.Succeeded, safe(message)),
  succeededWithIssues: (message) => tl.setResult(tl.TaskResult.SucceededWithIssues, safe(message)),
  failed: (message) => tl.setResult(tl.TaskResult.Failed, safe(message)),
};
