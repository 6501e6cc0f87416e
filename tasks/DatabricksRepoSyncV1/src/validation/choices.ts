// Pick-list inputs: YAML users type them by hand, so the case is forgiven and the canonical spelling returned.

import { type Checked, invalid, quote, valid } from './checked';

export function checkChoice<T extends string>(value: string, options: readonly T[]): Checked<T> {
  const wanted = value.trim().toLowerCase();
  const match = options.find((option) => option.toLowerCase() === wanted);
  return match !== undefined ? valid(match) : invalid(`${quote(value)} is not one of ${options.join(', ')}.`);
}
