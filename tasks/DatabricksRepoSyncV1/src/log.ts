// The log every module writes to, and the neutralising of server text so a response cannot issue logging commands.

export interface Logger {
  /** a line of the normal, short log */
  info(message: string): void;
  /** only shown with System.Debug */
  debug(message: string): void;
  /** a warning; the run ends SucceededWithIssues */
  warning(message: string): void;
}

/**
 * Neutralises text that came from a server (or any other outside source) before it reaches the log: the agent
 * treats `##vso[` and `##[` anywhere on a line as a command or formatting prefix, so we break the marker.
 */
export function neutralise(text: string): string {
  return text.replace(/##(vso)?\[/gi, (match) => match.replace('##', '#\u200b#'));
}

/**
 * Server text as one log-safe line: whitespace runs collapsed, cut to `limit` characters (an HTML error page can be
 * long), then neutralised. Empty when nothing is left.
 */
export function serverLine(text: string, limit: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return neutralise(line.length > limit ? `${line.slice(0, limit)}…` : line);
}
