// Renders a run's output the way the pipeline's log view shows it (for `npm run demo`): logging commands become
// `##[error]`/`##[warning]`/`##[debug]` lines or short notes, and secrets are masked as the agent masks them.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSettableVariables } from './agentEnvironment';
import { SecretMasker } from './masking';
import type { TaskRun } from './agentRunner';
import { isSettable } from './taskOutput';
import { asIssue, asSetVariable, parseVsoLine, summaryFile, type VsoCommand } from './vsoCommands';

export interface RenderOptions {
  /** show task.debug lines; default: the run's System.Debug, as the agent does */
  showDebug?: boolean;
}

type RenderedRun = Pick<TaskRun, 'lines' | 'knownSecrets' | 'systemDebug' | 'taskFolder' | 'agentResult'>;

function prefixed(prefix: string, message: string): string[] {
  return message.split(/\r\n|\r|\n/).map((line) => `${prefix}${line}`);
}

function renderVariable(command: VsoCommand, settable: readonly string[] | undefined): string[] {
  const variable = asSetVariable(command);
  if (!variable) return [];
  if (!isSettable(variable.variable, settable)) {
    return [`##[warning]Setting variable '${variable.variable}' has been disabled by the task or build definition.`];
  }
  const kind = variable.isOutput ? 'output variable' : 'variable';
  const secret = variable.isSecret ? ' (secret)' : '';
  return [`Setting ${kind} '${variable.variable}'${secret} = '${variable.value}'`];
}

/** The log lines one command shows, before masking; `settable` is task.json's settableVariables restriction. */
export function renderCommand(command: VsoCommand, showDebug: boolean, settable?: readonly string[]): string[] {
  const issue = asIssue(command);
  if (issue) return prefixed(issue.type === 'error' ? '##[error]' : '##[warning]', issue.message);
  switch (command.name) {
    case 'task.debug':
      return showDebug ? prefixed('##[debug]', command.message) : [];
    case 'task.setvariable':
      return renderVariable(command, settable);
    case 'task.setsecret':
    case 'task.complete':
      return [];
    case 'task.addattachment': {
      const summary = summaryFile(command);
      if (summary) return [`Uploaded summary: ${path.basename(summary)}`];
      return [`Attached ${command.properties['type'] ?? 'file'} '${command.properties['name'] ?? command.message}'`];
    }
    case 'task.uploadsummary':
      return [`Uploaded summary: ${path.basename(command.message)}`];
    default:
      return showDebug ? [`##[debug]Processed: ##vso[${command.name}]${command.message}`] : [];
  }
}

function readTask(taskFolder: string): { name: string; settable: string[] | undefined } {
  try {
    const taskJson = JSON.parse(fs.readFileSync(path.join(taskFolder, 'task.json'), 'utf8')) as { friendlyName?: string };
    return { name: taskJson.friendlyName ?? path.basename(taskFolder), settable: readSettableVariables(taskFolder) };
  } catch {
    return { name: path.basename(taskFolder), settable: undefined };
  }
}

/** The whole step as the pipeline UI would show it, one string per line. */
export function renderPipelineLog(run: RenderedRun, options: RenderOptions = {}): string[] {
  const showDebug = options.showDebug ?? run.systemDebug;
  const { name, settable } = readTask(run.taskFolder);
  const masker = new SecretMasker(run.knownSecrets);
  const rendered: string[] = [`##[section]Starting: ${name}`];
  for (const line of run.lines) {
    const command = parseVsoLine(line.text);
    // Registered before masking, so the command's own line is already masked, as in the agent.
    masker.register(command);
    const shown = command ? renderCommand(command, showDebug, settable) : [line.text];
    rendered.push(...shown.map((text) => masker.mask(text)));
  }
  rendered.push(`##[section]Finishing: ${name} (${run.agentResult})`);
  return rendered;
}
