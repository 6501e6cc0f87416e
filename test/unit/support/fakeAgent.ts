// An in-memory Agent for unit tests: records outputs, secrets, log lines and the result instead of talking to the agent.
import * as fs from 'node:fs';
import type { Agent, AgentProxy, EndpointAuthorization } from '../../../tasks/DatabricksRepoSyncV1/src/agent';
import { makeTempFolder } from '../../support/tempFolders';

export interface FakeAgentSetup {
  inputs?: Record<string, string>;
  variables?: Record<string, string>;
  endpoints?: Record<string, { authorization: EndpointAuthorization; data?: Record<string, string>; url?: string }>;
  proxy?: AgentProxy;
  /** the agent's CA file (Agent.CAInfo) */
  caFile?: string;
}

export class FakeAgent implements Agent {
  readonly outputs = new Map<string, { value: string; isSecret: boolean }>();
  readonly secrets: string[] = [];
  readonly lines: { level: 'info' | 'debug' | 'warning'; message: string }[] = [];
  readonly summaries: string[] = [];
  result?: { status: 'Succeeded' | 'SucceededWithIssues' | 'Failed'; message: string };
  // Made on first use: most specs never ask for it, and each folder is one more thing to remove.
  private temp: string | undefined;

  constructor(private readonly setup: FakeAgentSetup = {}) {}

  getInput(name: string): string | undefined {
    return this.setup.inputs?.[name] || undefined;
  }
  getQuietInput(name: string): string | undefined {
    return this.setup.inputs?.[name] || undefined;
  }
  getSecretInput(name: string): string | undefined {
    const value = this.getInput(name);
    if (value) this.setSecret(value);
    return value;
  }
  getVariable(name: string): string | undefined {
    return this.setup.variables?.[name] || undefined;
  }
  getEndpointAuthorization(id: string): EndpointAuthorization | undefined {
    return this.setup.endpoints?.[id]?.authorization;
  }
  getEndpointDataParameter(id: string, key: string): string | undefined {
    return this.setup.endpoints?.[id]?.data?.[key];
  }
  getEndpointUrl(id: string): string | undefined {
    return this.setup.endpoints?.[id]?.url;
  }
  getHttpProxyConfiguration(): AgentProxy | undefined {
    return this.setup.proxy;
  }
  /** Records what the task asks to register; the real wrapper then splits multi-line values (secretLines). */
  getCertificateAuthorityFile(): string | undefined {
    return this.setup.caFile;
  }
  setSecret(value: string): void {
    this.secrets.push(value);
  }
  setOutput(name: string, value: string, isSecret: boolean): void {
    this.outputs.set(name, { value, isSecret });
  }
  uploadSummary(markdownFile: string): void {
    this.summaries.push(fs.readFileSync(markdownFile, 'utf8'));
  }
  tempDirectory(): string {
    this.temp ??= makeTempFolder('fake-agent-');
    return this.temp;
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message });
  }
  succeeded(message: string): void {
    this.result = { status: 'Succeeded', message };
  }
  succeededWithIssues(message: string): void {
    this.result = { status: 'SucceededWithIssues', message };
  }
  failed(message: string): void {
    this.result = { status: 'Failed', message };
  }
}
