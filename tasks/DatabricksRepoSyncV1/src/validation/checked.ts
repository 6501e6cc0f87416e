// The result of checking one input value, so validators stay pure and the caller collects every problem at once.

import { serverLine } from '../log';

/** A checked value, or the problems found. Problems do not name the input: the caller prefixes its name. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function valid<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function invalid<T>(...problems: string[]): Checked<T> {
  return { ok: false, problems };
}

const SHOWN_LENGTH = 200;

/**
 * A value as it appears inside a problem message: quoted, on one line, secrets masked before it is shortened, and
 * neutralised, because inputs can come from pipeline variables a pull request controls (e.g. a branch name) and the
 * message ends up in the log.
 */
export function quote(value: string): string {
  return `'${serverLine(value, SHOWN_LENGTH)}'`;
}
