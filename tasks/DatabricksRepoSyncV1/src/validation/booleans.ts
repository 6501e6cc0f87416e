// Boolean inputs: only `true` or `false` (any case), so a typo such as `ture` fails instead of silently meaning false.

import { type Checked, invalid, quote, valid } from './checked';

export function checkBoolean(value: string): Checked<boolean> {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return valid(true);
  if (normalised === 'false') return valid(false);
  return invalid(`${quote(value)} is not a boolean. Expected true or false.`);
}
