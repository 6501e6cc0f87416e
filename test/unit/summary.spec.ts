// The run summary's markdown for a create, an update and a dry run.
import * as assert from 'node:assert/strict';
import { buildRunSummary, type RunSummaryFacts } from '../../tasks/DatabricksRepoSyncV1/src/summary';
import { createdResult } from './support/syncResults';

const facts = (overrides: Partial<RunSummaryFacts> = {}): RunSummaryFacts => ({
  databricksHost: 'https://adb-1.2.azuredatabricks.net',
  identity: "service connection 'prod' (WorkloadIdentityFederation)",
  repoUrl: 'https://dev.azure.com/contoso/data/_git/app',
  gitProvider: 'azureDevOpsServices',
  dryRun: false,
  durationMs: 2345,
  result: createdResult(),
  ...overrides,
});

describe('buildRunSummary', () => {
  it('describes a create: folder linked in the workspace, commit linked in Azure Repos, no previous commit', () => {
    const md = buildRunSummary(facts());
    assert.match(md, /^### Databricks Repo Sync\n/);
    assert.match(md, /\| Git folder \| \[\/Repos\/ci\/app\]\(https:\/\/adb-1\.2\.azuredatabricks\.net\/browse\/folders\/1234567890123456789\) — created \|/);
    assert.match(md, /\| Commit \| — → \[aaaaaaaaaa\]\(https:\/\/dev\.azure\.com\/contoso\/data\/_git\/app\/commit\/a{40}\) \|/);
    assert.match(md, /\| Checked out \| branch `main` \|/);
    assert.match(md, /\| Git credential \| created \(id 9223372036854775807\) \|/);
    assert.match(md, /\| Time \| 2\.3 s \|/);
    assert.match(md, /\| Signed in as \| service connection 'prod' \(WorkloadIdentityFederation\) \|/);
    assert.doesNotMatch(md, /Plan/);
  });

  it('describes an update with the commit before and after, a tag and permissions', () => {
    const md = buildRunSummary(
      facts({
        gitProvider: 'gitHub',
        repoUrl: 'https://github.com/contoso/app',
        result: createdResult({
          folderAction: 'updated',
          previousCommitId: 'b'.repeat(40),
          tag: 'v1.0.0',
          branch: '',
          credentialAction: 'updated',
          permissionsApplied: [{ principalType: 'group', principal: 'data-engineers', level: 'CAN_RUN' }],
        }),
      }),
    );
    assert.match(md, /\| Commit \| bbbbbbbbbb → aaaaaaaaaa \|/, 'GitHub commits are not linked');
    assert.match(md, /\| Checked out \| tag `v1\.0\.0` \|/);
    assert.match(md, /\| Permissions \| group:data-engineers = CAN_RUN \|/);
    assert.match(md, /— updated \|/);
  });

  it('lists the plan in a dry run and neutralises server text', () => {
    const md = buildRunSummary(
      facts({
        dryRun: true,
        result: createdResult({
          folderAction: 'wouldUpdate',
          repoPath: '/Repos/ci/##vso[task.complete result=Failed]|x',
          plannedWrites: ['PATCH /api/2.0/git-credentials/5 (refresh the Azure DevOps token)', 'PATCH /api/2.0/repos/7 (branch main)'],
          warnings: ['expectedCommit cannot be verified in a dry run'],
        }),
      }),
    );
    assert.match(md, /^### Databricks Repo Sync — dry run/);
    assert.match(md, /1\. PATCH \/api\/2\.0\/git-credentials\/5 \(refresh the Azure DevOps token\)\n1\. PATCH \/api\/2\.0\/repos\/7/);
    assert.match(md, /- expectedCommit cannot be verified in a dry run/);
    assert.doesNotMatch(md, /##vso\[/);
    assert.match(md, /\\\|x/);
  });
});
