// Parses `##vso[area.action k=v;k=v]message` logging commands the way the Azure Pipelines agent does
// (Command.TryParse + CommandStringConvertor.Unescape), so the e2e suite reads a task's output as the agent reads it.

const COMMAND_PREFIX = '##vso[';

/** One logging command, already unescaped. */
export interface VsoCommand {
  /** `area.action`, lower-cased (`task.setvariable`); the agent matches both parts case-insensitively */
  name: string;
  /** property names lower-cased (the agent's property lookup ignores case), values unescaped */
  properties: Record<string, string>;
  /** the text after `]`, unescaped */
  message: string;
}

export type IssueType = 'error' | 'warning';

export interface SetVariableCommand {
  variable: string;
  value: string;
  isOutput: boolean;
  isSecret: boolean;
}

// The agent's escape table. `%AZP25` is decoded last so that an escaped `%` followed by `3B` stays `%3B`.
const ESCAPES: ReadonlyArray<[escaped: string, plain: string]> = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
];

/** Undoes task-lib's escaping of a property value or message (knob DECODE_PERCENTS on, the agent's default). */
export function unescapeCommandText(text: string): string {
  let plain = text;
  for (const [escaped, value] of ESCAPES) {
    plain = plain.split(escaped).join(value);
  }
  return plain.split('%AZP25').join('%');
}

/**
 * Characters taken as ignorable by ICU's comparison: zero-width and format characters, and hundreds more (Arabic tatweel,
 * Hebrew accents, …). This emulation ignores everything but printable ASCII inside the prefix: a stricter test than ICU.
 */
const IGNORABLE = /[^\x20-\x7e]/;

/**
 * Where `##vso[` is, found as the agent's `message.IndexOf("##vso[")` finds it: a culture-sensitive search, which on
 * Linux and macOS agents (ICU) skips ignorable characters, so `#\u200b#vso[` is found too (Command.TryParse in
 * microsoft/azure-pipelines-agent src/Microsoft.VisualStudio.Services.Agent/Command.cs). `end` is just past the match;
 * the agent itself counts six characters from the start, which is stricter for an attacker, so this is the harder test.
 */
export function findCommandPrefix(line: string): { start: number; end: number } | undefined {
  for (let start = 0; start < line.length; start++) {
    if (line[start] !== COMMAND_PREFIX[0]) continue;
    let matched = 0;
    let at = start;
    for (; at < line.length && matched < COMMAND_PREFIX.length; at++) {
      if (line[at] === COMMAND_PREFIX[matched]) matched++;
      else if (!IGNORABLE.test(line[at])) break;
    }
    if (matched === COMMAND_PREFIX.length) return { start, end: at };
  }
  return undefined;
}

/**
 * The command on a line, or undefined for a plain line. Like the agent, the prefix may follow other text on the line,
 * and a line with `##vso[` but no `]` or no `area.action` is not a command (the agent logs it as text).
 */
export function parseVsoLine(line: string): VsoCommand | undefined {
  const prefix = findCommandPrefix(line);
  if (prefix === undefined) return undefined;
  const end = line.indexOf(']', prefix.end);
  if (end < 0) return undefined;
  const info = line.substring(prefix.end, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.substring(0, space)).trim().toLowerCase();
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  const properties = space < 0 ? {} : parseProperties(info.substring(space + 1));
  return { name, properties, message: unescapeCommandText(line.substring(end + 1)) };
}

function parseProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const part of text.trim().split(';')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    // The agent ignores a property without `=` rather than rejecting the command.
    if (eq < 0) continue;
    properties[part.substring(0, eq).trim().toLowerCase()] = unescapeCommandText(part.substring(eq + 1));
  }
  return properties;
}

/** The agent parses booleans with Boolean.TryParse: `true`/`false` in any case, anything else is false. */
function isTrue(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() === 'true';
}

export function asSetVariable(command: VsoCommand): SetVariableCommand | undefined {
  if (command.name !== 'task.setvariable') return undefined;
  const variable = command.properties['variable'];
  if (!variable) return undefined;
  return {
    variable,
    value: command.message,
    isOutput: isTrue(command.properties['isoutput']),
    isSecret: isTrue(command.properties['issecret']),
  };
}

/** task.issue and task.logissue are the same command to the agent. */
export function asIssue(command: VsoCommand): { type: IssueType; message: string } | undefined {
  if (command.name !== 'task.issue' && command.name !== 'task.logissue') return undefined;
  const type = (command.properties['type'] ?? '').toLowerCase();
  if (type !== 'error' && type !== 'warning') return undefined;
  return { type, message: command.message };
}

export type CompletionResult = 'Succeeded' | 'SucceededWithIssues' | 'Failed' | 'Cancelled' | 'Skipped';

const RESULTS: readonly CompletionResult[] = ['Succeeded', 'SucceededWithIssues', 'Failed', 'Cancelled', 'Skipped'];

/** task.complete; the agent treats a missing or unknown result as Succeeded. */
export function asComplete(command: VsoCommand): { result: CompletionResult; message: string } | undefined {
  if (command.name !== 'task.complete') return undefined;
  const wanted = (command.properties['result'] ?? '').toLowerCase();
  const result = RESULTS.find((candidate) => candidate.toLowerCase() === wanted) ?? 'Succeeded';
  return { result, message: command.message };
}

/** The value a command registers with the agent's secret masker, if any. */
export function registeredSecret(command: VsoCommand): string | undefined {
  if (command.name === 'task.setsecret') return command.message || undefined;
  const variable = asSetVariable(command);
  return variable?.isSecret && variable.value ? variable.value : undefined;
}

/** task.uploadsummary, or task.addattachment of the summary type, names a markdown file for the run summary. */
export function summaryFile(command: VsoCommand): string | undefined {
  if (command.name === 'task.uploadsummary') return command.message || undefined;
  const isSummaryAttachment =
    command.name === 'task.addattachment' &&
    (command.properties['type'] ?? '').toLowerCase() === 'distributedtask.core.summary';
  return isSummaryAttachment ? command.message || undefined : undefined;
}
