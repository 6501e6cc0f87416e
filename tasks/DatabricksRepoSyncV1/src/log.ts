// The log every module writes to, and the neutralising of outside text so that it can neither issue logging commands
// nor forge a line of the task's own.

import { maskSecrets } from './secrets';

export interface Logger {
  /** a line of the normal, short log */
  info(message: string): void;
  /** only shown with System.Debug */
  debug(message: string): void;
  /** a warning; the run ends SucceededWithIssues */
  warning(message: string): void;
}

/**
 * Characters a culture-sensitive (ICU) comparison ignores: zero-width spaces and joiners, soft hyphen, variation
 * selectors, bidi marks and other format characters. The agent finds `##vso[` culture-sensitively, so `#\u200b#vso[`
 * is a command to it: these characters are dropped before the markers are looked for.
 */
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
/** Line breaks and control characters (C0, DEL, C1 with NEL, U+2028/U+2029): text from outside stays on one line. */
const BREAKS_AND_CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;
/**
 * The agent's logging-command and formatting prefixes, in any case, with anything but printable ASCII allowed between
 * their characters: beyond the default-ignorable ones, ICU's collation ignores hundreds of others (Arabic tatweel,
 * Hebrew accents, …), and no list is safe, so `#ـ#vso[` is broken too.
 */
const GAP = '[^\\x20-\\x7e]*';
const MARKERS = new RegExp(`#${GAP}#${GAP}(?:v${GAP}s${GAP}o${GAP})?\\[`, 'gi');

/**
 * Text from a server (or an echoed input) made safe for one log line: ignorable characters dropped, line breaks and
 * controls turned into a space, and `##vso[` / `##[` broken visibly into `# #vso[` / `# #[`, which no comparison undoes.
 */
export function neutralise(text: string): string {
  return text.replace(IGNORABLE, '').replace(BREAKS_AND_CONTROLS, ' ').replace(MARKERS, (marker) => `# ${marker.slice(1)}`);
}

/**
 * Server text as one log-safe line: secrets masked first (a cut must not leave a token's head), whitespace runs
 * collapsed, cut to `limit` characters (an HTML error page can be long), then neutralised. Empty when nothing is left.
 */
export function serverLine(text: string, limit: number): string {
  const line = neutralise(maskSecrets(text)).replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}
