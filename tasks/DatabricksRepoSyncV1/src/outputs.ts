// Publishes the result of a run: the output variables of SPEC §3 and the markdown run summary.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Agent } from './agent';
import { buildRunSummary, type RunSummaryFacts } from './summary';
import type { SyncResult } from './syncTypes';

/** The tokens published with exportTokens. */
export interface ExportedTokens {
  databricks: string;
  azureDevOps?: string;
}

/** Sets every output variable (isOutput=true); token outputs only with exportTokens, and always as secrets. */
export function publishOutputs(agent: Agent, result: SyncResult, tokens: ExportedTokens | undefined): void {
  const values: [string, string][] = [
    ['repoId', result.repoId],
    ['repoPath', result.repoPath],
    ['headCommitId', result.headCommitId],
    ['previousCommitId', result.previousCommitId],
    ['branch', result.branch],
    ['tag', result.tag],
    ['credentialId', result.credentialId],
    ['changed', String(result.changed)],
  ];
  for (const [name, value] of values) agent.setOutput(name, value, false);
  if (tokens) {
    agent.setOutput('databricksToken', tokens.databricks, true);
    if (tokens.azureDevOps) agent.setOutput('azureDevOpsToken', tokens.azureDevOps, true);
  }
}

/** Writes the summary into the agent's temp folder and attaches it to the run (task.uploadsummary). */
export function attachRunSummary(agent: Agent, facts: RunSummaryFacts): void {
  const file = path.join(agent.tempDirectory(), `databricks-repo-sync-${process.pid}-${Date.now()}.md`);
  try {
    fs.writeFileSync(file, buildRunSummary(facts), 'utf8');
    agent.uploadSummary(file);
  } catch (error) {
    // The sync is done and its outputs are set: a summary that cannot be written is not a reason to fail the run.
    agent.warning(`The run summary could not be attached: ${error instanceof Error ? error.message : String(error)}`);
  }
}
