// Shared set-up for the emulator's unit tests: a seeded emulator, a request helper and tokens minted directly.

import { startEmulator, type DemoSeed, type Emulator } from '../../emulator/index';
import { emulatorRequest, type EmulatorRequest, type EmulatorResponse } from '../../emulator/testClient';
import { AZURE_DEVOPS_RESOURCE, DATABRICKS_RESOURCE } from '../../emulator/tokenIssuer';

export interface Harness {
  emulator: Emulator;
  seed: DemoSeed;
  call(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** a Databricks access token for an identity (default: the demo application) */
  databricksToken(clientId?: string): string;
  /** an Azure DevOps access token, as the task stores it as the Git credential's PAT */
  azureDevOpsToken(options?: { clientId?: string; lifetimeSeconds?: number }): string;
}

export async function startHarness(): Promise<Harness> {
  const emulator = await startEmulator();
  const seed = await emulator.seedDemo();
  const issue = (resource: string, clientId: string, lifetimeSeconds: number): string =>
    emulator.mintAccessToken({ clientId, resource, lifetimeSeconds, tenantId: seed.tenant.id });
  return {
    emulator,
    seed,
    call: (request) => emulatorRequest(emulator.url, emulator.caCertificate, request),
    databricksToken: (clientId = seed.application.clientId) => issue(DATABRICKS_RESOURCE, clientId, 3600),
    azureDevOpsToken: (options = {}) => issue(AZURE_DEVOPS_RESOURCE, options.clientId ?? seed.application.clientId, options.lifetimeSeconds ?? 3600),
  };
}

/** A member of a JSON answer, for assertions. */
export function member(response: EmulatorResponse, key: string): unknown {
  const json = response.json;
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? json[key] : undefined;
}
