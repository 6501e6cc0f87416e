// Reads a task's output lines as the agent does: logging commands become results, variables, issues and
// attachments; every line is masked with the secrets known at the moment it was printed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SecretMasker } from './masking';
import {
  asComplete,
  asIssue,
  asSetVariable,
  parseVsoLine,
  registeredSecret,
  summaryFile,
  type CompletionResult,
  type VsoCommand,
} from './vsoCommands';

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface OutputVariable {
  value: string;
  isSecret: boolean;
  isOutput: boolean;
}

export interface Attachment {
  type: string;
  name: string;
  /** the file named by the command, resolved against the task's working directory */
  path: string;
}

export interface TaskOutput {
  /** the worst result of all task.complete commands (the agent merges them), undefined if none came */
  result: CompletionResult | undefined;
  /** message of the last task.complete */
  completeMessage: string | undefined;
  /** every task.setvariable the agent accepted, by name; the last value wins, a secret stays a secret */
  outputs: Map<string, OutputVariable>;
  /** variables the task tried to set outside task.json restrictions.settableVariables (the agent warns and drops them) */
  rejectedVariables: string[];
  /** values the task registered as secret (task.setsecret, setvariable issecret=true) */
  secretsRegistered: Set<string>;
  errors: string[];
  warnings: string[];
  debugLines: string[];
  /** lines that are not logging commands, from both streams in arrival order, unmasked */
  logLines: string[];
  commands: VsoCommand[];
  summaryFile: string | undefined;
  attachments: Attachment[];
  /** every line, masked as the agent would show it */
  maskedLines: string[];
}

// TaskResult enum order: merging keeps the higher value, so a failure is never overwritten by a later success.
const RESULT_ORDER: readonly CompletionResult[] = ['Succeeded', 'SucceededWithIssues', 'Failed', 'Cancelled', 'Skipped'];

function mergeResults(current: CompletionResult | undefined, coming: CompletionResult): CompletionResult {
  if (current === undefined) return coming;
  return RESULT_ORDER.indexOf(coming) > RESULT_ORDER.indexOf(current) ? coming : current;
}

function emptyOutput(): TaskOutput {
  return {
    result: undefined,
    completeMessage: undefined,
    outputs: new Map(),
    rejectedVariables: [],
    secretsRegistered: new Set(),
    errors: [],
    warnings: [],
    debugLines: [],
    logLines: [],
    commands: [],
    summaryFile: undefined,
    attachments: [],
    maskedLines: [],
  };
}

/**
 * Whether task.json restrictions let the task set this variable: no restriction allows all; otherwise a
 * case-insensitive match against the allowed patterns (`*` and `?` wildcards), as the agent's TaskRestrictions.
 */
export function isSettable(variable: string, allowed: readonly string[] | undefined): boolean {
  if (allowed === undefined) return true;
  return allowed.some((pattern) => {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${source}$`, 'i').test(variable);
  });
}

function applyVariable(output: TaskOutput, command: VsoCommand, allowed: readonly string[] | undefined): void {
  const variable = asSetVariable(command);
  if (!variable) return;
  if (!isSettable(variable.variable, allowed)) {
    output.rejectedVariables.push(variable.variable);
    output.warnings.push(`Setting variable '${variable.variable}' has been disabled by the task or build definition.`);
    return;
  }
  const previous = output.outputs.get(variable.variable);
  const isSecret = variable.isSecret || (previous?.isSecret ?? false);
  output.outputs.set(variable.variable, { value: variable.value, isSecret, isOutput: variable.isOutput });
}

function applyCommand(output: TaskOutput, command: VsoCommand, context: OutputContext): void {
  output.commands.push(command);
  // A rejected secret variable is still registered: the masker sees the value before the restriction check.
  const secret = registeredSecret(command);
  if (secret) output.secretsRegistered.add(secret);
  applyVariable(output, command, context.settableVariables);
  const issue = asIssue(command);
  if (issue) (issue.type === 'error' ? output.errors : output.warnings).push(issue.message);
  if (command.name === 'task.debug') output.debugLines.push(command.message);
  const complete = asComplete(command);
  if (complete) {
    output.result = mergeResults(output.result, complete.result);
    output.completeMessage = complete.message;
  }
  const summary = summaryFile(command);
  if (summary) output.summaryFile = path.resolve(context.workingDirectory, summary);
  if (command.name === 'task.addattachment' && command.message) {
    output.attachments.push({
      type: command.properties['type'] ?? '',
      name: command.properties['name'] ?? '',
      path: path.resolve(context.workingDirectory, command.message),
    });
  }
}

export interface OutputContext {
  /** values the agent masks from the start */
  knownSecrets: readonly string[];
  /** where relative file names in commands are resolved: the task's working directory */
  workingDirectory: string;
  /** task.json restrictions.settableVariables.allowed; undefined = no restriction */
  settableVariables?: readonly string[];
}

/**
 * Interprets the lines of one run. Each command's secret is registered before its own line is masked (the agent
 * processes a command before it logs it).
 */
export function interpretOutput(lines: readonly OutputLine[], context: OutputContext): TaskOutput {
  const output = emptyOutput();
  const masker = new SecretMasker(context.knownSecrets);
  for (const line of lines) {
    const command = parseVsoLine(line.text);
    if (command) applyCommand(output, command, context);
    else output.logLines.push(line.text);
    masker.register(command);
    output.maskedLines.push(masker.mask(line.text));
  }
  return output;
}

/** The uploaded summary's markdown, read before the run's folders are removed; undefined if none or unreadable. */
export function readSummary(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Splits a stream into lines as .NET's StreamReader.ReadLine does (`\r\n`, `\n` or a lone `\r`). */
export class LineSplitter {
  private tail = '';

  /** The complete lines in `chunk` (with what was buffered before). */
  push(chunk: string): string[] {
    this.tail += chunk;
    const lastNewline = this.tail.lastIndexOf('\n');
    if (lastNewline < 0) return [];
    const complete = this.tail.substring(0, lastNewline + 1);
    this.tail = this.tail.substring(lastNewline + 1);
    return complete.split(/\r\n|\r|\n/).slice(0, -1);
  }

  /** The last line if the stream did not end with a newline. */
  end(): string[] {
    const rest = this.tail;
    this.tail = '';
    if (rest.length === 0) return [];
    const lines = rest.split(/\r\n|\r|\n/);
    return rest.endsWith('\r') ? lines.slice(0, -1) : lines;
  }
}
