// Emulates the agent's secret masking (SecretMasker) over a task's output, line by line in the order the lines came,
// and finds secrets that would still show in the pipeline log.

import type { EndpointSpec } from './agentEnvironment';
import { registeredSecret, type VsoCommand } from './vsoCommands';

export const MASK = '***';

/**
 * Authorization parameters the agent does not mask (MaskingUtil.IsEndpointAuthorizationParametersSecret): every other
 * parameter is masked, serviceprincipalid included. idToken is among them, which is why the task must register it.
 */
const UNMASKED_AUTH_PARAMETERS = new Set(
  [
    'idToken',
    'role',
    'scope',
    'tenantId',
    'issuedAt',
    'expiresAt',
    'audience',
    'authenticationType',
    'authorizationType',
    'accessTokenType',
    'accessTokenFetchingMethod',
    'useWindowsSecurity',
    'unsecured',
    'oAuthAccessTokenIsSupplied',
    'completeCallbackPayload',
    'acceptUntrustedCertificates',
  ].map((key) => key.toLowerCase()),
);

/** Whether the agent masks the value of this endpoint authorization parameter. */
export function isMaskedAuthParameter(key: string): boolean {
  return !UNMASKED_AUTH_PARAMETERS.has(key.toLowerCase());
}

/** The values the agent knows as secret before the task starts: secret variables and masked endpoint parameters. */
export function agentKnownSecrets(secretVariables: Record<string, string>, endpoints: readonly EndpointSpec[]): string[] {
  const secrets = Object.values(secretVariables);
  for (const endpoint of endpoints) {
    for (const [key, value] of Object.entries(endpoint.parameters ?? {})) {
      if (isMaskedAuthParameter(key)) secrets.push(value);
    }
  }
  return secrets.filter((value) => value.length > 0);
}

// task-lib escapes a value inside a logging command; the raw line then holds the escaped form, which the agent
// masks after unescaping. Masking the escaped forms too gives the same result on the raw line.
function escapedForms(value: string): string[] {
  const data = value.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = data.replace(/]/g, '%5D').replace(/;/g, '%3B');
  return [value, data, property];
}

/** The agent's masker: whole values only (never substrings of a secret), overlapping matches merged into one `***`. */
export class SecretMasker {
  private readonly values = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    for (const value of initial) this.add(value);
  }

  add(value: string): void {
    if (!value) return;
    for (const form of escapedForms(value)) this.values.add(form);
  }

  /** Registers whatever secret the command carries; call before masking the command's own line, as the agent does. */
  register(command: VsoCommand | undefined): void {
    const secret = command ? registeredSecret(command) : undefined;
    if (secret) this.add(secret);
  }

  mask(text: string): string {
    const ranges = this.matches(text);
    if (ranges.length === 0) return text;
    let masked = '';
    let position = 0;
    for (const [start, end] of ranges) {
      masked += text.substring(position, start) + MASK;
      position = end;
    }
    return masked + text.substring(position);
  }

  /** Sorted, merged [start, end) ranges of every occurrence of every value. */
  private matches(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const value of this.values) {
      for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
        found.push([at, at + value.length]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const range of found) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    return merged;
  }
}

/** What findLeaks needs of a run. */
export interface MaskedOutput {
  maskedLog: string;
}

/**
 * The given secrets (e.g. every token, ID token and client secret the emulator issued) that still appear in the masked
 * output, i.e. that were printed before being registered, or never registered at all. Empty values are ignored.
 */
export function findLeaks(run: MaskedOutput, secrets: readonly string[]): string[] {
  const unique = [...new Set(secrets.filter((secret) => secret.length > 0))];
  return unique.filter((secret) => run.maskedLog.includes(secret));
}
