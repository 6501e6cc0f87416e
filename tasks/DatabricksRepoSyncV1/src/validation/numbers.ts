// Whole-second inputs (timeouts and budgets): positive integers with an upper bound a timer can honour.

import { type Checked, invalid, quote, valid } from './checked';

/** One day: more is surely a mistake for a pipeline step, and stays far below Node's timer limit (about 24.8 days). */
export const MAX_SECONDS = 86400;

export function checkPositiveSeconds(value: string): Checked<number> {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return invalid(`${quote(value)} is not a positive integer number of seconds.`);
  const seconds = Number(trimmed);
  if (seconds < 1) return invalid(`${quote(value)} is not positive. Expected 1 to ${MAX_SECONDS} seconds.`);
  if (seconds > MAX_SECONDS) return invalid(`${quote(value)} is more than ${MAX_SECONDS} seconds (one day).`);
  return valid(seconds);
}
