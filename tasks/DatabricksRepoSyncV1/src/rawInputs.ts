// Raw reading of inputs and pipeline variables through the Agent: trimmed, and secrets registered the moment read.

import type { Agent } from './agent';
import { secretLines } from './secretLines';
import { urlSecrets } from './urlCredentials';

/** An input's value, trimmed; undefined when empty (the agent passes empty strings for unset inputs). */
export function readInput(agent: Agent, name: string): string | undefined {
  const value = agent.getInput(name)?.trim();
  return value ? value : undefined;
}

/** An input that may carry a credential, read without the debug echo; the caller registers what is secret in it. */
export function readQuietInput(agent: Agent, name: string): string | undefined {
  const value = agent.getQuietInput(name)?.trim();
  return value ? value : undefined;
}

/**
 * Reads an input that may carry a credential in its user info (`https://user:<token>@host`, with or without a
 * scheme): without task-lib's debug echo, and with the secret part registered before anything could print it.
 */
export function readUrlInput(agent: Agent, name: string): string | undefined {
  const value = readQuietInput(agent, name);
  registerUrlSecrets(agent, value);
  return value;
}

/** Registers the secret part of a URL's user info (urlCredentials.ts), whatever shape the URL has. */
export function registerUrlSecrets(agent: Agent, url: string | undefined): void {
  for (const secret of urlSecrets(url)) registerSecret(agent, secret);
}

/** A pipeline variable, trimmed; undefined when unset or empty. */
export function readVariable(agent: Agent, name: string): string | undefined {
  const value = agent.getVariable(name)?.trim();
  return value ? value : undefined;
}

/**
 * What to register for one secret: the value, its trimmed form, and for a multi-line secret (a PEM) each substantial
 * line, since the agent masks a multi-line value only as a whole and one line of a key printed alone must not show.
 * Nothing for a blank value, which would mask every run of spaces in the log.
 */
export function secretForms(value: string | undefined): string[] {
  if (!value || value.trim() === '') return [];
  const forms = new Set([value, value.trim()]);
  if (/[\r\n]/.test(value)) for (const line of secretLines(value)) forms.add(line);
  return [...forms];
}

/** Registers a secret with the agent so it is masked. */
export function registerSecret(agent: Agent, value: string | undefined): void {
  for (const form of secretForms(value)) agent.setSecret(form);
}

/** A secret input, read without task-lib's debug echo and registered (the agent registers the raw value itself). */
export function readSecretInput(agent: Agent, name: string): string | undefined {
  const raw = agent.getSecretInput(name);
  for (const form of secretForms(raw)) if (form !== raw) agent.setSecret(form);
  return raw?.trim() || undefined;
}
