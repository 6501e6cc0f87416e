// `npm run demo`: runs the packaged task twice against the local emulator, as the agent would in a YAML run with a
// workload identity federation service connection, and prints what the pipeline would show. Nothing leaves 127.0.0.1.

import * as path from 'node:path';
import type { RunTaskOptions, TaskRun } from '../test/e2e/agent/agentRunner';
import { databricksSignIn, workspaceConnection } from '../test/e2e/support/databricksConnection';
import { SecretMasker, findLeaks } from '../test/e2e/agent/masking';
import { renderPipelineLog } from '../test/e2e/agent/render';
import { runSync, startWorld, type E2eWorld } from '../test/e2e/support/fixture';
import { testPackage } from '../test/e2e/support/testPackage';

const REPO_PATH = '/Repos/ci/demo-repo';
const ANY_CLOUD_PATH = '/Repos/ci/demo-any-cloud';
const BRANCH = 'main';

/** Bold and dim on a terminal that wants colour (NO_COLOR, https://no-color.org, turns it off). */
const useColour = process.stdout.isTTY === true && !process.env['NO_COLOR'];
const bold = (text: string): string => (useColour ? `\x1b[1m${text}\x1b[22m` : text);
const dim = (text: string): string => (useColour ? `\x1b[2m${text}\x1b[22m` : text);

function print(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

function indent(lines: readonly string[], by = '  '): string[] {
  return lines.map((line) => (line ? by + line : line));
}

function heading(text: string): void {
  print('', bold(text), bold('─'.repeat(Math.min(text.length, 100))));
}

function shortSha(commit: string): string {
  return commit.slice(0, 10);
}

function introduction(world: E2eWorld): void {
  const { seed, emulator } = world;
  print(
    bold('Databricks Repo Sync — local demo'),
    '',
    `An emulator of Entra ID, Azure DevOps and the Databricks REST API listens on ${emulator.url} (made-up tenant,`,
    'workspace and repository). The task is unpacked from the .vsix and run exactly as the Azure Pipelines agent',
    'runs it, for this step of a YAML pipeline building the main branch of demo-repo:',
    '',
    ...indent([
      '- task: DatabricksRepoSync@1',
      '  inputs:',
      `    azureSubscription: ${seed.azureDevOps.serviceConnectionName}   # workload identity federation`,
      `    databricksHost: ${emulator.urls.databricksHost}`,
      `    repoPath: ${REPO_PATH}`,
      '    # repoUrl and branch default to $(Build.Repository.Uri) and $(Build.SourceBranch)',
    ]),
    '',
    dim(`package: ${path.relative(process.cwd(), testPackage())}`),
  );
}

/** Who the run talked to, from the emulator's request log (cleared before each run). */
function requestTally(world: E2eWorld): string {
  const names: Record<string, string> = { ado: 'Azure DevOps', entra: 'Entra ID', msi: 'managed identity', databricks: 'Databricks' };
  const counts = new Map<string, number>();
  for (const entry of world.emulator.requests.entries) {
    const name = names[entry.service] ?? entry.service;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const total = world.emulator.requests.entries.length;
  const parts = [...counts].map(([name, count]) => `${count} ${name}`);
  return `${total} HTTPS requests (${parts.join(', ')})`;
}

/** The output variables as a small two-column table; a secret one shows as the agent shows it. */
function outputTable(run: TaskRun): string[] {
  const rows = [...run.outputs].map(([name, variable]) => [name, variable.isSecret ? '***' : variable.value || '(empty)']);
  const width = Math.max('variable'.length, ...rows.map(([name]) => name.length));
  return [
    `${'variable'.padEnd(width)} │ value`,
    `${'─'.repeat(width)}─┼─${'─'.repeat(42)}`,
    ...rows.map(([name, value]) => `${name.padEnd(width)} │ ${value}`),
  ];
}

/** The summary markdown, masked like everything else the demo prints. */
function summaryLines(run: TaskRun): string[] {
  const masker = new SecretMasker([...run.knownSecrets, ...run.secretsRegistered]);
  const markdown = run.summaryMarkdown?.trim();
  return markdown ? markdown.split(/\r?\n/).map((line) => masker.mask(line)) : ['(the task attached no summary)'];
}

/** Prints one run as the pipeline would show it; returns everything printed, for the leak check. */
function showRun(world: E2eWorld, run: TaskRun): string[] {
  const log = renderPipelineLog(run);
  const outputs = outputTable(run);
  const summary = summaryLines(run);
  print(
    '',
    `Pipeline log ${dim('(as the run’s log page shows it; secrets masked by the agent)')}:`,
    '',
    ...indent(log),
    '',
    `Output variables ${dim(`(later steps read them as $(<step name>.<variable>))`)}:`,
    '',
    ...indent(outputs),
    '',
    `Run summary ${dim('(markdown on the run’s Extensions tab)')}:`,
    '',
    ...indent(summary),
    '',
    dim(`${run.agentResult} in ${(run.durationMs / 1000).toFixed(1)} s; ${requestTally(world)}.`),
  );
  return [...log, ...outputs, ...summary];
}

interface RunCheck {
  failed: boolean;
  leaked: string[];
}

async function runOnce(world: E2eWorld, title: string, options: Partial<RunTaskOptions> = { inputs: { repoPath: REPO_PATH } }): Promise<{ run: TaskRun; check: RunCheck }> {
  heading(title);
  world.emulator.requests.clear();
  const run = await runSync(world, options);
  const printed = showRun(world, run);
  const shown = { maskedLog: [run.maskedLog, ...printed].join('\n') };
  const check = { failed: run.agentResult === 'Failed' || run.exitCode !== 0, leaked: findLeaks(shown, world.emulator.issuedSecrets()) };
  return { run, check };
}

/** Run 3: the *Databricks workspace* connection with workload identity federation, syncing the GitHub demo remote. */
function anyCloudRun(world: E2eWorld): Partial<RunTaskOptions> {
  return databricksSignIn(world, workspaceConnection(world, 'None'), { repoPath: ANY_CLOUD_PATH });
}

function anyCloudIntroduction(world: E2eWorld): void {
  heading('Next: the same task on Databricks on AWS, GCP or Azure, without Entra ID');
  print(
    '',
    "This step uses the extension's own service connection type, Databricks workspace, with workload identity",
    `federation: the pipeline's ID token for that connection (subject sc://demo-org/demo-project/${world.seed.databricksPrincipal.serviceConnectionName})`,
    "is exchanged at the workspace's /oidc/v1/token for a Databricks token; no secret is stored anywhere. It keeps a",
    'GitHub token (a secret variable) as the Git credential:',
    '',
    ...indent([
      '- task: DatabricksRepoSync@1',
      '  inputs:',
      '    authType: databricksConnection',
      `    databricksConnection: ${world.seed.databricksPrincipal.serviceConnectionName}   # workload identity federation`,
      `    repoUrl: ${world.seed.gitHubRepository.url}`,
      '    gitCredential: personalAccessToken',
      '    gitToken: $(githubToken)',
      `    repoPath: ${ANY_CLOUD_PATH}`,
    ]),
  );
}

function pushCommit(world: E2eWorld): void {
  const { remotes } = world.emulator.state;
  const url = world.seed.repository.url;
  const before = remotes.repository(url).branches.get(BRANCH) ?? '';
  const after = remotes.addCommit(url, BRANCH);
  heading('Meanwhile: someone pushes to main');
  print('', `The branch ${BRANCH} of ${url} moves from ${shortSha(before)} to ${shortSha(after)}.`);
}

function closing(checks: readonly RunCheck[]): void {
  const failed = checks.filter((check) => check.failed).length;
  const leaked = [...new Set(checks.flatMap((check) => check.leaked))];
  heading('What happened');
  if (failed === 0) {
    print(
      '',
      'Run 1 signed in with workload identity federation (an Azure DevOps ID token exchanged for Entra tokens),',
      "stored the Azure DevOps token as the service principal's Databricks Git credential and created the Git folder,",
      'which cloned main. Run 2 found the folder by its path, refreshed the credential and pulled the new commit: a',
      're-run updates, it never fails on "already exists". Run 3 signed in at the workspace itself with its Databricks',
      "workspace connection: no Entra ID, no MSAL, the same sync. Tokens were registered as secrets before anything could",
      'print them, so the agent masks them.',
    );
  }
  print(
    '',
    'README.md explains how to develop, test and publish the extension; overview.md (the marketplace page) has the',
    'YAML quick start, the one-time setup in Azure and Databricks, the output variables and troubleshooting.',
    '`npm run bench` measures round trips, start-up time, memory and package size. The emulator stops with the demo;',
    'nothing was sent beyond 127.0.0.1.',
    '',
  );
  if (leaked.length > 0) print(`LEAK: ${leaked.length} secret(s) issued by the emulator appear unmasked in the output above.`);
  if (failed > 0) print(`FAILED: ${failed} of ${checks.length} runs did not succeed; the log above says why.`);
  if (leaked.length === 0 && failed === 0) print(dim('Checked: every run succeeded and no token or secret the emulator issued appears above.'));
}

async function main(): Promise<number> {
  const world = await startWorld();
  try {
    introduction(world);
    const first = await runOnce(world, 'Run 1 of 3: first run — creates the Git folder');
    pushCommit(world);
    const second = await runOnce(world, 'Run 2 of 3: second run — only updates the Git folder (pulls the new commit)');
    anyCloudIntroduction(world);
    const third = await runOnce(world, 'Run 3 of 3: Databricks on any cloud — a Databricks workspace connection, no Entra ID', anyCloudRun(world));
    const checks = [first.check, second.check, third.check];
    closing(checks);
    return checks.some((check) => check.failed || check.leaked.length > 0) ? 1 : 0;
  } finally {
    await world.emulator.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
