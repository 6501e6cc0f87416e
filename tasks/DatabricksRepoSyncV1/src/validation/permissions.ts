// The permissions input: `user:<name>=<LEVEL>`, `group:<name>=<LEVEL>`, `servicePrincipal:<application id>=<LEVEL>`.

import type { PermissionGrant, PermissionLevel } from '../options';
import { checkChoice } from './choices';
import { type Checked, invalid, quote, valid } from './checked';
import { isGuid } from './entraIds';
import { nonBlankLines } from './lines';

export const PERMISSION_LEVELS: readonly PermissionLevel[] = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'];
const PRINCIPAL_TYPES: readonly PermissionGrant['principalType'][] = ['user', 'group', 'servicePrincipal'];
const FORMAT = 'Expected user:<name>=<LEVEL>, group:<name>=<LEVEL> or servicePrincipal:<application id>=<LEVEL>';

/** One line; `=` is split at the last one and `:` at the first, so names may hold either. */
export function parsePermissionLine(line: string): Checked<PermissionGrant> {
  const colon = line.indexOf(':');
  const equals = line.lastIndexOf('=');
  if (colon < 1 || equals < colon) return invalid(`${quote(line)} is not a permission line. ${FORMAT}.`);
  const type = checkChoice(line.slice(0, colon).trim(), PRINCIPAL_TYPES);
  const principal = line.slice(colon + 1, equals).trim();
  const level = checkChoice(line.slice(equals + 1).trim(), PERMISSION_LEVELS);
  const problems: string[] = [];
  if (!type.ok) problems.push(`${quote(line)}: the principal type ${type.problems[0]}`);
  if (principal === '') problems.push(`${quote(line)} names no principal. ${FORMAT}.`);
  if (type.ok && type.value === 'servicePrincipal' && principal !== '' && !isGuid(principal)) {
    problems.push(`${quote(line)}: a service principal is named by its application id (a GUID).`);
  }
  if (type.ok && type.value === 'group' && principal === 'admins') {
    problems.push(`${quote(line)}: the admins group always has Manage (CAN_MANAGE); Databricks does not let anyone change it.`);
  }
  if (!level.ok) problems.push(`${quote(line)}: the level ${level.problems[0]}`);
  if (!type.ok || !level.ok || problems.length > 0) return invalid(...problems);
  return valid({ principalType: type.value, principal, level: level.value });
}

/** Every line of the input; one principal may appear only once, as the API would keep just one of its levels. */
export function parsePermissions(text: string | undefined): Checked<PermissionGrant[]> {
  const grants: PermissionGrant[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const line of nonBlankLines(text)) {
    const parsed = parsePermissionLine(line);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const key = `${parsed.value.principalType}:${parsed.value.principal.toLowerCase()}`;
    if (seen.has(key)) problems.push(`${quote(line)}: ${parsed.value.principal} appears more than once.`);
    seen.add(key);
    grants.push(parsed.value);
  }
  return problems.length > 0 ? invalid(...problems) : valid(grants);
}
