// The pipeline variables a hosted build job has when a task starts (System.*, Agent.*, Build.*), merged with the ones a
// test gives, plus the agent's `$(name)` macro expansion of inputs.

import { randomUUID } from 'node:crypto';

/** Folders of one emulated job, all under one fresh temp folder. */
export interface AgentDirectories {
  /** Agent.WorkFolder / Agent.BuildDirectory */
  work: string;
  /** Agent.TempDirectory: task-lib writes `.taskkey` here, the task its summary file */
  temp: string;
  /** Build.SourcesDirectory = System.DefaultWorkingDirectory: the task's working directory and the root of filePath inputs */
  sources: string;
  /** Build.ArtifactStagingDirectory */
  artifacts: string;
}

/** The agent's proxy (agent configured with --proxyurl), given to tasks as Agent.Proxy* variables. */
export interface ProxySpec {
  url: string;
  username?: string;
  password?: string;
  bypass?: string[];
}

/**
 * Pipeline variables by name. Names are case-insensitive as in the agent; the last spelling given wins.
 * `null` removes a variable the emulator would otherwise provide (e.g. `System.OidcRequestUri`).
 */
export type VariableValues = Record<string, string | null>;

export const AGENT_VERSION = '4.268.0';

// Loopback on the discard port: if a test forgets to point the task at the emulator, nothing leaves the machine
// and the connection is refused at once.
export const DEFAULT_COLLECTION_URI = 'https://127.0.0.1:9/contoso/';
export const DEFAULT_TEAM_PROJECT_ID = '6f5c2c5e-3b1e-4f53-9a43-2d0d8e1c7a10';

/** Case-insensitive variable map that keeps each variable's spelling. */
export class VariableSet {
  private readonly entries = new Map<string, { name: string; value: string }>();

  set(name: string, value: string | null): void {
    if (value === null) this.entries.delete(name.toLowerCase());
    else this.entries.set(name.toLowerCase(), { name, value });
  }

  merge(values: VariableValues): void {
    for (const [name, value] of Object.entries(values)) this.set(name, value);
  }

  get(name: string): string | undefined {
    return this.entries.get(name.toLowerCase())?.value;
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.entries.delete(name.toLowerCase());
  }

  list(): Array<{ name: string; value: string }> {
    return [...this.entries.values()];
  }
}

function agentOs(): string {
  if (process.platform === 'win32') return 'Windows_NT';
  return process.platform === 'darwin' ? 'Darwin' : 'Linux';
}

function baseVariables(dirs: AgentDirectories): Record<string, string> {
  return {
    'System.CollectionUri': DEFAULT_COLLECTION_URI,
    'System.TeamProject': 'Data',
    'System.TeamProjectId': DEFAULT_TEAM_PROJECT_ID,
    'System.HostType': 'build',
    'System.PlanId': randomUUID(),
    'System.JobId': randomUUID(),
    'System.TimelineId': randomUUID(),
    'System.JobName': 'Job',
    'System.DefinitionId': '12',
    'System.ServerType': 'Hosted',
    'System.Culture': 'en-US',
    'System.DefaultWorkingDirectory': dirs.sources,
    'System.WorkFolder': dirs.work,
    'System.ArtifactsDirectory': dirs.artifacts,
    'Agent.TempDirectory': dirs.temp,
    'Agent.Version': AGENT_VERSION,
    'Agent.Name': 'e2e-agent',
    'Agent.Id': '7',
    'Agent.JobName': 'Job',
    'Agent.JobStatus': 'Succeeded',
    'Agent.OS': agentOs(),
    'Agent.OSArchitecture': process.arch === 'arm64' ? 'ARM64' : 'X64',
    'Agent.WorkFolder': dirs.work,
    'Agent.BuildDirectory': dirs.work,
    'Build.SourcesDirectory': dirs.sources,
    'Build.ArtifactStagingDirectory': dirs.artifacts,
    'Build.BuildId': '4242',
    'Build.BuildNumber': '20260101.1',
    'Build.DefinitionName': 'notebooks-ci',
    'Build.Reason': 'IndividualCI',
    'Build.Repository.Name': 'notebooks',
    'Build.Repository.Provider': 'TfsGit',
    // Carries user info, as the real variable does; the task must strip it.
    'Build.Repository.Uri': 'https://contoso@dev.azure.com/contoso/Data/_git/notebooks',
    'Build.SourceBranch': 'refs/heads/main',
    'Build.SourceBranchName': 'main',
    'Build.SourceVersion': '3f1c2b7e9d8a6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
  };
}

function proxyVariables(proxy: ProxySpec | undefined): { public: Record<string, string>; secret: Record<string, string> } {
  if (!proxy) return { public: {}, secret: {} };
  const publicVariables: Record<string, string> = { 'Agent.ProxyUrl': proxy.url };
  if (proxy.username) publicVariables['Agent.ProxyUsername'] = proxy.username;
  if (proxy.bypass && proxy.bypass.length > 0) publicVariables['Agent.ProxyBypassList'] = JSON.stringify(proxy.bypass);
  // The agent sets the proxy password as a secret variable.
  return { public: publicVariables, secret: proxy.password ? { 'Agent.ProxyPassword': proxy.password } : {} };
}

export interface PipelineVariableOptions {
  dirs: AgentDirectories;
  variables?: VariableValues;
  secretVariables?: Record<string, string>;
  systemDebug?: boolean;
  proxy?: ProxySpec;
}

/** Public and secret variables of the job: emulator defaults, then the test's values, then values derived from them. */
export function pipelineVariables(options: PipelineVariableOptions): { publicVars: VariableSet; secretVars: VariableSet } {
  const publicVars = new VariableSet();
  const proxy = proxyVariables(options.proxy);
  publicVars.merge(baseVariables(options.dirs));
  if (options.systemDebug) publicVars.set('System.Debug', 'true');
  publicVars.merge(proxy.public);
  publicVars.merge(options.variables ?? {});
  deriveCollectionVariables(publicVars, options.variables ?? {});

  const secretVars = new VariableSet();
  secretVars.merge(proxy.secret);
  secretVars.merge(options.secretVariables ?? {});
  // A variable is either public or secret in the agent; a secret given by the test hides a default of the same name.
  for (const { name } of secretVars.list()) publicVars.delete(name);
  return { publicVars, secretVars };
}

/** Variables the agent derives from the collection and job, unless the test set (or removed) them itself. */
function deriveCollectionVariables(vars: VariableSet, given: VariableValues): void {
  const givenNames = new Set(Object.keys(given).map((name) => name.toLowerCase()));
  const collectionUri = vars.get('System.CollectionUri') ?? DEFAULT_COLLECTION_URI;
  if (!givenNames.has('system.teamfoundationcollectionuri')) {
    vars.set('System.TeamFoundationCollectionUri', collectionUri);
  }
  if (!givenNames.has('system.oidcrequesturi')) {
    const base = collectionUri.endsWith('/') ? collectionUri : `${collectionUri}/`;
    const hub = vars.get('System.HostType') ?? 'build';
    vars.set(
      'System.OidcRequestUri',
      `${base}${vars.get('System.TeamProjectId')}/_apis/distributedtask/hubs/${hub}/plans/${vars.get('System.PlanId')}` +
        `/jobs/${vars.get('System.JobId')}/oidctoken`,
    );
  }
}

/** The agent's macro expansion: `$(name)` becomes the variable's value (secrets included); unknown macros stay as they are. */
export function expandMacros(value: string, publicVars: VariableSet, secretVars: VariableSet): string {
  return value.replace(/\$\(([^()]+)\)/g, (macro: string, name: string): string => {
    return secretVars.get(name.trim()) ?? publicVars.get(name.trim()) ?? macro;
  });
}
