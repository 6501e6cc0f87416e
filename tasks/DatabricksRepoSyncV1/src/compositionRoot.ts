// Wires one run once its options are valid: HTTP layer → tokens → Databricks client → sync → outputs and summary.
// index.ts loads this module only after validation, so a run that fails on its inputs never loads MSAL or axios.

import type { Agent } from './agent';
import { acquireTokens } from './auth/acquireTokens';
import type { Tokens } from './auth/types';
import { createDatabricksApi } from './databricks/api';
import { DatabricksClient } from './databricks/client';
import { createHttpClient } from './http/httpClient';
import type { HttpClient } from './http/types';
import { trustedAuthorities } from './http/trust';
import { RetryBudget, waitForResend } from './http/retryPolicy';
import type { Logger } from './log';
import type { TaskOptions } from './options';
import { attachRunSummary, publishOutputs, type ExportedTokens } from './outputs';
import { inParallel } from './parallel';
import { syncGitFolder } from './sync';
import { SYNC_OPTION_KEYS, type SyncOptions, type SyncRequest, type SyncResult } from './syncTypes';

function syncRequest(options: TaskOptions, tokens: Tokens): SyncRequest {
  const picked = Object.fromEntries(SYNC_OPTION_KEYS.map((key) => [key, options[key]])) as SyncOptions;
  const azureDevOps = tokens.azureDevOps;
  return { ...picked, clientId: tokens.clientId, azureDevOpsToken: azureDevOps && (() => azureDevOps.get()) };
}

/** Later steps use exported tokens for a while: they get one with at least ten minutes left (or a fresh one). */
const EXPORT_MIN_REMAINING_MS = 10 * 60_000;

/** The tokens for exportTokens, handed to later steps with time to use them. */
async function exportedTokens(tokens: Tokens): Promise<ExportedTokens> {
  // Both at once: either may need a refresh, and neither waits for the other.
  const [databricks, azureDevOps] = await inParallel(
    tokens.databricks.get(EXPORT_MIN_REMAINING_MS),
    tokens.azureDevOps ? tokens.azureDevOps.get(EXPORT_MIN_REMAINING_MS) : Promise.resolve(undefined),
  );
  return azureDevOps ? { databricks, azureDevOps } : { databricks };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Signs in, syncs the Git folder and publishes outputs and the run summary; throws the first failure. */
export async function syncWithOptions(agent: Agent, options: TaskOptions, log: Logger, started: number): Promise<SyncResult> {
  const budget = new RetryBudget(options.retryTimeoutSeconds * 1000);
  const ca = options.agentCertificateAuthority ? trustedAuthorities(options.agentCertificateAuthority) : undefined;
  const http = createHttpClient({ requestTimeoutMs: options.requestTimeoutSeconds * 1000, budget, proxy: options.proxy, log, ca });
  try {
    return await syncWith(agent, options, log, started, { http, budget });
  } finally {
    // Nothing of the run may keep Node alive once the result is set: the agent waits for the process to exit.
    http.close();
  }
}

async function syncWith(
  agent: Agent,
  options: TaskOptions,
  log: Logger,
  started: number,
  { http, budget }: { http: HttpClient; budget: RetryBudget },
): Promise<SyncResult> {
  const tokens = await acquireTokens(
    options.credential,
    { azureDevOps: options.gitCredential.mode === 'entraToken' },
    { http, setSecret: (value) => agent.setSecret(value), log },
  );

  const api = createDatabricksApi(new DatabricksClient(http, options.databricksHost, () => tokens.databricks.get()));
  // A create the sync sends again after an uncertain failure is a retry like any other: backoff, paid from the budget.
  const timing = { sleep, random: Math.random };
  const pauseBeforeResend = (attempt: number, retryAfter?: string): Promise<boolean> => waitForResend(budget, attempt, timing, retryAfter);
  const result = await syncGitFolder(api, syncRequest(options, tokens), log, pauseBeforeResend);

  publishOutputs(agent, result, options.exportTokens ? await exportedTokens(tokens) : undefined);
  attachRunSummary(agent, {
    databricksHost: options.databricksHost,
    identity: options.identityDescription,
    repoUrl: options.repoUrl,
    gitProvider: options.gitProvider,
    dryRun: options.dryRun,
    durationMs: Date.now() - started,
    result,
  });
  return result;
}
