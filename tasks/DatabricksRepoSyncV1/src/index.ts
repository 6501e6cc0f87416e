// The entry point: reads and validates the inputs, runs the sync, and is the one place that sets the task result.

// First: registers credentials in the agent's proxy URL before task-lib, loaded by './agent', echoes that URL.
import './earlySecrets';
import { taskLibAgent, type Agent } from './agent';
import { AuthError } from './auth/types';
import { DatabricksError } from './databricks/errors';
import { NetworkError } from './http/types';
import { readTaskOptions } from './inputs';
import { neutralise, type Logger } from './log';
import { SyncError } from './sync/syncError';
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
    // Loaded only now: the inputs are valid, so the run will need MSAL and axios (a lazy chunk of the bundle).
    const { syncWithOptions } = await import('./compositionRoot.js');
    const result = await syncWithOptions(agent, options, log, started);
    for (const warning of result.warnings) log.warning(warning);

    const done = options.dryRun
      ? 'Dry run finished; nothing was changed.'
      : neutralise(`Git folder ${result.repoPath} is at ${result.headCommitId}.`);
    if (warnings.length) agent.succeededWithIssues(done);
    else agent.succeeded(done);
  } catch (error) {
    // Where an unexpected error came from, for System.Debug; known errors already say what failed.
    if (error instanceof Error && failureMessage(error).startsWith('Unexpected error')) agent.debug(neutralise(error.stack ?? ''));
    agent.failed(failureMessage(error));
  }
}

// Run only when started by the agent (or the bundle), not when a test imports this module.
if (require.main === module) void runTask(taskLibAgent);
