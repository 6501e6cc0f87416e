// The shared ground of the end-to-end suite: one emulator with the demo world, the packaged task extracted from the
// .vsix, and a run helper that gives the task a workload-identity-federation service connection unless told otherwise.
import { startEmulator, type DemoSeed, type Emulator } from '../../emulator';
import { runTask, type EndpointSpec, type RunTaskOptions, type TaskRun } from '../agent/agentRunner';
import { findLeaks } from '../agent/masking';
import { extractTask } from '../agent/vsix';
import { testPackage } from './testPackage';

export interface E2eWorld {
  emulator: Emulator;
  seed: DemoSeed;
  taskFolder: string;
}

/**
 * The emulator with the demo world, and the task extracted from build/test-package/*.vsix — or, with E2E_TASK_FOLDER set, another
 * extracted task folder, e.g. a deliberately broken copy to prove that a spec catches the break.
 */
export async function startWorld(): Promise<E2eWorld> {
  const taskFolder = process.env.E2E_TASK_FOLDER || (await extractTask(testPackage()));
  const emulator = await startEmulator();
  const seed = await emulator.seedDemo();
  return { emulator, seed, taskFolder };
}

/** The WIF service connection of the demo world, as the agent hands it to a task. */
export function wifConnection(world: E2eWorld, overrides: Partial<EndpointSpec> = {}): EndpointSpec {
  const { seed, emulator } = world;
  return {
    id: seed.azureDevOps.serviceConnectionId,
    scheme: 'WorkloadIdentityFederation',
    parameters: { serviceprincipalid: seed.application.clientId, tenantid: seed.tenant.id },
    data: { activeDirectoryAuthority: emulator.urls.authorityHost, environment: 'AzureCloud' },
    ...overrides,
  };
}

/** Pipeline variables of a build of the demo repository's main branch, with the OIDC request URI of the demo org. */
export function pipelineVariables(world: E2eWorld, overrides: Record<string, string | null> = {}): Record<string, string | null> {
  const { seed } = world;
  return {
    'Build.SourceBranch': 'refs/heads/main',
    'Build.Reason': 'IndividualCI',
    'Build.Repository.Uri': `https://demo-org@dev.azure.com/demo-org/demo-project/_git/demo-repo`,
    'System.CollectionUri': seed.azureDevOps.collectionUri,
    'System.TeamProjectId': seed.azureDevOps.projectId,
    'System.HostType': seed.azureDevOps.hostType,
    'System.PlanId': seed.azureDevOps.planId,
    'System.JobId': seed.azureDevOps.jobId,
    'System.OidcRequestUri': seed.azureDevOps.oidcRequestUri,
    ...overrides,
  };
}

/** Runs the packaged task against the world; a WIF connection and the demo pipeline unless the options say otherwise. */
export async function runSync(world: E2eWorld, options: Partial<RunTaskOptions> = {}): Promise<TaskRun> {
  return runTask({
    taskFolder: world.taskFolder,
    caFile: world.emulator.caFile,
    systemAccessToken: world.seed.azureDevOps.systemAccessToken,
    endpoints: [wifConnection(world)],
    variables: pipelineVariables(world),
    ...options,
    inputs: {
      azureSubscription: world.seed.azureDevOps.serviceConnectionId,
      databricksHost: world.emulator.urls.databricksHost,
      repoPath: '/Repos/ci/demo-repo',
      ...options.inputs,
    },
  });
}

/** Every token, ID token and secret the emulator issued or knows that appears unmasked in the run's log. */
export function leaks(world: E2eWorld, run: TaskRun): string[] {
  return findLeaks(run, world.emulator.issuedSecrets());
}
