// End-to-end: Databricks failures on the packaged task (SPEC §4.4): each ends the run with ONE error line saying what
// was being done, the HTTP status, error_code and the fix; server text cannot issue logging commands.

import assert from 'node:assert/strict';
import { startWorld } from './support/fixture';
import {
  ROUTES,
  byRoute,
  folderAt,
  oneError,
  remoteHead,
  seedFolder,
  shown,
  sync,
  uniqueRepoPath,
  adoUrl,
  writes,
  type E2eWorld,
} from './support/syncScenarios';

describe('e2e: Databricks errors', function () {
  this.timeout(60_000);
  let world: E2eWorld;
  let clientId: string;
  const organization = 'demo-org';

  before(async () => {
    world = await startWorld();
    clientId = world.seed.application.clientId;
  });
  afterEach(() => {
    world.emulator.faults.clear();
    world.emulator.state.workspace.reposEnabled = true;
    if (world.emulator.state.workspace.servicePrincipal(clientId) === undefined) world.emulator.state.workspace.addServicePrincipal(clientId);
    world.emulator.state.azureDevOps.addUser(organization, clientId);
  });
  after(async () => {
    if (world === undefined) return;
    assert.deepEqual(world.emulator.requests.deprecatedCalls(), [], 'GET /api/2.0/repos was called');
    await world.emulator.stop();
  });

  it('the 403 HTML page: the identity was removed from the workspace, and the fix says to add it, not to grant Manage', async () => {
    const path = uniqueRepoPath('e403page');
    seedFolder(world, path);
    world.emulator.state.workspace.removeServicePrincipal(clientId);
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    // either of the first two requests (they go out together) may be the one that reports it
    const doing = [`Looking up ${path}`, 'Listing the Git credentials of the identity'];
    assert.ok(doing.some((what) => error.startsWith(`${what} failed: HTTP 403 User not authorized. Fix: `)), error);
    assert.match(error, /Fix: the identity is not added to this workspace \(or lacks the Workspace access entitlement\).*Settings > Identity and access > Service principals/);
    assert.doesNotMatch(error, /CAN_MANAGE|<html|<pre>/);
    assert.deepEqual(writes(record.requests), []);
  });

  it('403 PERMISSION_DENIED: a folder someone else owns, where the identity may only read', async () => {
    const path = uniqueRepoPath('e403');
    const folder = seedFolder(world, path, {
      accessControl: [
        { principalField: 'user_name', principal: 'alice@contoso.com', permissionLevel: 'CAN_MANAGE' },
        { principalField: 'service_principal_name', principal: clientId, permissionLevel: 'CAN_READ' },
      ],
    });
    world.emulator.state.remotes.addCommit(adoUrl(world), 'main');
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    assert.ok(error.startsWith(`Checking out branch 'main' in ${path} failed: HTTP 403 PERMISSION_DENIED: `), error);
    assert.match(error, /Fix: .*Manage \(CAN_MANAGE\) permission on the Git folder/);
    assert.equal(folderAt(world, path)?.headCommitId, folder.headCommitId);
  });

  it('Git credential: the identity was removed from the Azure DevOps organisation', async () => {
    const path = uniqueRepoPath('eaad');
    world.emulator.state.azureDevOps.removeUser(organization, clientId);
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    assert.ok(error.startsWith(`Creating the Git folder ${path} failed: HTTP 403 PERMISSION_DENIED: `), error);
    assert.match(error, /Azure Active Directory credentials/);
    assert.match(error, /Fix: the identity must be a user of the Azure DevOps organisation with Basic access/);
    assert.equal(folderAt(world, path), undefined);
  });

  it('Git credential: a Stakeholder cannot read the code ("Remote repo not found")', async () => {
    const path = uniqueRepoPath('estake');
    world.emulator.state.azureDevOps.addUser(organization, clientId, { accessLevel: 'stakeholder' });
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    assert.ok(error.startsWith(`Creating the Git folder ${path} failed: HTTP 400 BAD_REQUEST: Remote repo not found`), error);
    assert.match(error, /Fix: the identity must be a user of the Azure DevOps organisation with Basic access and read access/);
    assert.equal(folderAt(world, path), undefined);
  });

  it('GIT_UNKNOWN_REF: the branch does not exist in the remote', async () => {
    const path = uniqueRepoPath('eref');
    seedFolder(world, path);
    const record = await sync(world, { inputs: { repoPath: path, branch: 'no-such-branch' } });
    const error = oneError(record);
    assert.ok(error.startsWith(`Checking out branch 'no-such-branch' in ${path} failed: HTTP 400 GIT_UNKNOWN_REF: `), error);
    assert.match(error, /Fix: the branch or tag does not exist in the remote repository/);
    assert.equal(folderAt(world, path)?.branch, 'main');
  });

  // The emulator refuses mkdirs with DIRECTORY_PROTECTED only for a plain folder below /Repos/<folder>, a path the task's
  // own repoPath check never lets through; the same answer is injected on the task's mkdirs of /Repos/<folder>.
  it('DIRECTORY_PROTECTED: mkdirs under /Repos refused', async () => {
    const path = uniqueRepoPath('eprot');
    world.emulator.faults.add({
      method: 'POST',
      path: '/api/2.0/workspace/mkdirs',
      status: 400,
      body: { error_code: 'DIRECTORY_PROTECTED', message: 'Top-level folder can only contain repos' },
    });
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    assert.ok(error.startsWith(`Creating the folder ${path.slice(0, path.lastIndexOf('/'))} failed: HTTP 400 DIRECTORY_PROTECTED: `), error);
    assert.match(error, /Fix: under \/Repos a Git folder must be exactly \/Repos\/<folder>\/<name>/);
    assert.deepEqual(byRoute(record.requests, ROUTES.createRepo), []);
  });

  it('FEATURE_DISABLED: Repos is off in the workspace (a 404 that does not mean "missing")', async () => {
    const path = uniqueRepoPath('efeat');
    seedFolder(world, path);
    world.emulator.state.workspace.reposEnabled = false;
    // the folder is only known by its id here: get-status answered, the repos API did not
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    const folder = folderAt(world, path);
    assert.ok(error.startsWith(`Reading the Git folder with id ${folder?.id} failed: HTTP 404 FEATURE_DISABLED: `), error);
    assert.match(error, /Fix: Git folders \(Repos\) are disabled in this workspace/);
    assert.doesNotMatch(error, /not a Git folder/);
    assert.deepEqual(writes(record.requests).filter((route) => !route.includes('git-credentials')), []);
  });

  it('an invalid sparse checkout pattern', async () => {
    const path = uniqueRepoPath('esparse');
    const record = await sync(world, { inputs: { repoPath: path, sparseCheckoutPatterns: 'src/*.py' } });
    const error = oneError(record);
    assert.ok(error.startsWith(`Creating the Git folder ${path} failed: HTTP 400 INVALID_PARAMETER_VALUE: `), error);
    assert.ok(error.includes('src/*.py'), error);
    assert.match(error, /Fix: sparseCheckoutPatterns must be cone patterns/);
    assert.equal(folderAt(world, path), undefined);
  });

  it('logging commands in a server error message are neutralised, not executed', async () => {
    const path = uniqueRepoPath('einject');
    seedFolder(world, path);
    const injected = '##vso[task.setvariable variable=injected;isOutput=true]pwned';
    world.emulator.faults.add({
      method: 'GET',
      path: '/api/2.0/workspace/get-status',
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: `bad path\n${injected}\n##[error]fake error\n##vso[task.complete result=Succeeded;]done` },
    });
    const record = await sync(world, { inputs: { repoPath: path } });
    const error = oneError(record);
    assert.match(error, /task\.setvariable variable=injected/, 'the server text is still shown');
    assert.equal(record.run.outputs.has('injected'), false);
    assert.deepEqual(record.run.rejectedVariables, []);
    const lines = record.run.rawStdout.split(/\r?\n/);
    assert.deepEqual(lines.filter((line) => line.startsWith('##vso[task.setvariable variable=injected')), []);
    assert.equal(record.run.rawStdout.includes(injected), false, 'the marker is broken wherever it appears');
    assert.equal(record.run.rawStdout.includes('##[error]fake'), false);
    assert.equal(record.run.result, 'Failed');
  });

  it('logging commands in server data shown on a success line are neutralised too', async () => {
    const path = uniqueRepoPath('einjectok');
    const folder = seedFolder(world, path);
    const injected = '##vso[task.setvariable variable=injected;isOutput=true]pwned';
    world.emulator.faults.add({
      method: 'GET',
      path: `/api/2.0/repos/${folder.id}`,
      status: 200,
      body: { id: folder.id, path, url: adoUrl(world), provider: 'azureDevOpsServices', branch: `main ${injected}`, head_commit_id: remoteHead(world, 'main') },
    });
    const record = await sync(world, { inputs: { repoPath: path } });
    assert.equal(record.run.agentResult, 'Succeeded', shown(record.run.maskedLog));
    assert.ok(record.run.logLines.some((line) => line.includes('task.setvariable variable=injected')), 'the server text is still shown');
    assert.equal(record.run.outputs.has('injected'), false);
    assert.equal(record.run.rawStdout.includes(injected), false);
  });
});
