// The expectedCommit input: a full commit id, since Databricks reports full ids and a prefix could match by accident.

import { type Checked, invalid, quote, valid } from './checked';

export function checkCommitId(value: string): Checked<string> {
  const trimmed = value.trim();
  return /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(trimmed)
    ? valid(trimmed.toLowerCase())
    : invalid(`${quote(value)} is not a full commit id. Expected 40 hexadecimal digits, e.g. $(Build.SourceVersion).`);
}
