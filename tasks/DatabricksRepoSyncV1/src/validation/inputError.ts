// The one error for invalid task inputs: every problem found, each naming its input, raised before any network call.

import type { Checked } from './checked';

export class InputError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid task input. ${problems[0]}`
        : `${problems.length} task inputs are invalid:\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
    );
    this.name = 'InputError';
  }
}

/** Collects the problems of all inputs, so the user fixes them in one round instead of one per run. */
export class InputProblems {
  private readonly problems: string[] = [];

  add(input: string, problem: string): void {
    this.problems.push(`${input}: ${problem}`);
  }

  /** The checked value, or `fallback` after recording the problems (the fallback never escapes: see throwIfAny). */
  take<T>(input: string, checked: Checked<T>, fallback: T): T {
    if (checked.ok) return checked.value;
    for (const problem of checked.problems) this.add(input, problem);
    return fallback;
  }

  /** Problems already prefixed with their input's name (e.g. from an InputError raised by a pure resolver). */
  addNamed(problems: readonly string[]): void {
    this.problems.push(...problems);
  }

  get count(): number {
    return this.problems.length;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError([...this.problems]);
  }
}

/** `value`, or '' after recording that the input is required (`expected` says what to give). */
export function required(problems: InputProblems, name: string, value: string | undefined, expected: string): string {
  if (value === undefined) problems.add(name, `required. ${expected}.`);
  return value ?? '';
}
