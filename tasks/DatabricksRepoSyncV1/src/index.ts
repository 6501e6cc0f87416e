// The composition root: inputs → options → tokens → sync → outputs, and the one place that sets the task result.

import { taskLibAgent, type Agent } from './agent';
import { acquireTokens } from './auth/acquireTokens';
import { AuthError, type Tokens } from './auth/types';
import { createDatabricksApi } from './databricks/api';
import { DatabricksClient } from './databricks/client';
import { DatabricksError } from './databricks/errors';
import { createHttpClient } from './http/httpClient';
import { RetryBudget } from './http/retryPolicy';
import { NetworkError } from './http/types';
import { readTaskOptions } from './inputs';
import { neutralise, type Logger } from './log';
import type { TaskOptions } from './options';
import { attachRunSummary, publishOutputs } from './outputs';
import { syncGitFolder } from './sync';
import { SyncError } from './sync/syncError';
import { SYNC_OPTION_KEYS, type SyncOptions, type SyncRequest } from './syncTypes';
import { InputError } from './validation/inputError';

/** The agent's log as a Logger; warnings are counted so the run can end SucceededWithIssues. */
function agentLogger(agent: Agent, warnings: string[]): Logger {
  return {
    info: (message) => agent.info(message),
    debug: (message) => agent.debug(message),
    warning: (message) => {
      warnings.push(message);
      agent.warning(message);
    },
  };
}

function syncRequest(options: TaskOptions, tokens: Tokens): SyncRequest {
  const picked = Object.fromEntries(SYNC_OPTION_KEYS.map((key) => [key, options[key]])) as SyncOptions;
  return { ...picked, clientId: tokens.clientId, azureDevOpsToken: tokens.azureDevOps };
}

/** The message of the one error line a failed run ends with; known errors already carry the fix. */
export function failureMessage(error: unknown): string {
  const explained = [InputError, AuthError, DatabricksError, SyncError];
  if (explained.some((type) => error instanceof type)) return (error as Error).message;
  if (error instanceof NetworkError) return `A request failed without an answer (${error.code}): ${neutralise(error.message)}`;
  // Never print a raw error object: an HTTP library's error carries request headers, tokens included.
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${neutralise(message)}`;
}

export async function runTask(agent: Agent): Promise<void> {
  const started = Date.now();
  const warnings: string[] = [];
  try {
    const options = readTaskOptions(agent);
    const log = agentLogger(agent, warnings);
    const budget = new RetryBudget(options.retryTimeoutSeconds * 1000);
    const http = createHttpClient({ requestTimeoutMs: options.requestTimeoutSeconds * 1000, budget, proxy: options.proxy, log });

    const tokens = await acquireTokens(
      options.credential,
      { azureDevOps: options.gitCredential.mode === 'entraToken' },
      { http, setSecret: (value) => agent.setSecret(value), log },
    );

    const api = createDatabricksApi(new DatabricksClient(http, options.databricksHost, () => tokens.databricks));
    const result = await syncGitFolder(api, syncRequest(options, tokens), log);

    publishOutputs(agent, result, tokens, options.exportTokens);
    attachRunSummary(agent, {
      databricksHost: options.databricksHost,
      identity: options.identityDescription,
      repoUrl: options.repoUrl,
      gitProvider: options.gitProvider,
      dryRun: options.dryRun,
      durationMs: Date.now() - started,
      result,
    });
    for (const warning of result.warnings) log.warning(warning);

    const done = options.dryRun ? 'Dry run finished; nothing was changed.' : `Git folder ${neutralise(result.repoPath)} is at ${result.headCommitId}.`;
    if (warnings.length) agent.succeededWithIssues(done);
    else agent.succeeded(done);
  } catch (error) {
    agent.failed(failureMessage(error));
  }
}

// Run only when started by the agent (or the bundle), not when a test imports this module.
if (require.main === module) void runTask(taskLibAgent);
