// The conformance suite's ground: one emulator whose ids fit a double, the demo world, and Databricks' own SDK set up
// against it (PAT-style bearer token, the emulator's certificate as the only trust anchor, no config file or env).

import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import { Config, PatCredentials, WorkspaceClient, workspace } from '@databricks/sdk-experimental';
import { DATABRICKS_RESOURCE, startEmulator, type DemoSeed, type Emulator, type LoggedRequest } from '../../emulator';
import type { JsonValue } from '../../emulator/json';
import { emulatorRequest } from '../../emulator/testClient';
import { watchOutgoingRequests, type OutgoingRequests } from './outgoingRequests';
import { PatchBodyApiClient } from './patchBodyApiClient';

/** Where the emulator's ids start: every id the suite meets stays a safe integer, as the SDK reads ids as doubles. */
export const FIRST_ID = 1001n;

export interface SdkWorld {
  emulator: Emulator;
  seed: DemoSeed;
  /** a Databricks access token of the demo application, handed to the SDK as a PAT */
  token: string;
  /** trusts the emulator's certificate and nothing else */
  agent: https.Agent;
  /** the SDK's typed services on an ApiClient that also sends PATCH bodies (see PatchBodyApiClient) */
  gitCredentials: workspace.GitCredentialsService;
  repos: workspace.ReposService;
  workspace: workspace.WorkspaceService;
  /** the SDK's WorkspaceClient exactly as shipped */
  stock: WorkspaceClient;
  /** every HTTP request this process started while the spec file ran */
  outgoing: OutgoingRequests;
}

/** The SDK configuration the suite uses: what each option keeps the SDK from doing is the point. */
export function sdkConfig(host: string, token: string): Config {
  return new Config({
    host,
    token,
    authType: 'pat',
    // PAT only: the default chain would also try the Azure CLI, metadata services and Google credentials
    credentials: new PatCredentials(),
    // neither DATABRICKS_* environment variables nor ~/.databrickscfg can change where the SDK goes
    loaders: [],
    env: {},
    // the SDK's own agent checks certificates only when this is false (api-client.js: skipVerify === false)
    skipVerify: false,
    // a wrong answer should fail the test, not be retried for the default five minutes
    retryTimeoutSeconds: 5,
  });
}

/** An agent whose only trust anchor is the emulator's self-signed certificate; nothing process-wide changes. */
export function emulatorAgent(emulator: Emulator): https.Agent {
  return new https.Agent({ ca: emulator.caCertificate, rejectUnauthorized: true, keepAlive: true });
}

const CLIENT_OPTIONS = { product: 'repo-sync-conformance', productVersion: '1.0.0' } as const;

async function startSdkWorld(emulator: Emulator, outgoing: OutgoingRequests): Promise<SdkWorld> {
  emulator.state.workspace.startIdsAt(FIRST_ID);
  const seed = await emulator.seedDemo();
  const token = emulator.mintAccessToken({ clientId: seed.application.clientId, resource: DATABRICKS_RESOURCE });
  const agent = emulatorAgent(emulator);
  const patching = new PatchBodyApiClient(sdkConfig(emulator.url, token), { agent, ...CLIENT_OPTIONS });
  return {
    emulator,
    seed,
    token,
    agent,
    gitCredentials: new workspace.GitCredentialsService(patching),
    repos: new workspace.ReposService(patching),
    workspace: new workspace.WorkspaceService(patching),
    stock: new WorkspaceClient(sdkConfig(emulator.url, token), { agent, ...CLIENT_OPTIONS }),
    outgoing,
  };
}

/**
 * Mocha hooks for one spec file: a fresh emulator and SDK before, and after it — also when a test or the set-up
 * failed — the check that no request left for anywhere but the emulator, then the agent's sockets closed and the
 * emulator stopped, so nothing is left running.
 */
export function useSdkWorld(assign: (world: SdkWorld) => void): void {
  let emulator: Emulator | undefined;
  let world: SdkWorld | undefined;
  let outgoing: OutgoingRequests | undefined;
  before(async () => {
    outgoing = watchOutgoingRequests();
    emulator = await startEmulator();
    world = await startSdkWorld(emulator, outgoing);
    assign(world);
  });
  afterEach(() => world?.emulator.faults.clear());
  after(async () => {
    try {
      const host = emulator === undefined ? undefined : new URL(emulator.url).host;
      const elsewhere = (outgoing?.seen ?? []).filter((request) => request.host !== host);
      assert.deepEqual(elsewhere, [], 'requests to somewhere other than the emulator');
    } finally {
      outgoing?.stop();
      world?.agent.destroy();
      await emulator?.stop();
    }
  });
}

/** The object as the emulator writes it, read without the SDK (long integers would arrive as strings). */
export async function rawAnswer(world: SdkWorld, path: string): Promise<JsonValue | undefined> {
  const answer = await emulatorRequest(world.emulator.url, world.emulator.caCertificate, { path, bearer: world.token });
  assert.equal(answer.status, 200, answer.text);
  return answer.json;
}

/** The last request the emulator logged for a route label, e.g. `PATCH /api/2.0/repos/{id}`. */
export function lastRequest(world: SdkWorld, route: string): LoggedRequest {
  const entries = world.emulator.requests.filter({ route });
  const last = entries[entries.length - 1];
  assert.ok(last !== undefined, `no ${route} in the emulator's log`);
  return last;
}
