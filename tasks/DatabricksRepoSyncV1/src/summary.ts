// The markdown run summary attached to the pipeline run: what was synced where, commits before and after, or the plan.

import { neutralise } from './log';
import type { GitProvider, PermissionGrant } from './options';
import type { CredentialAction, FolderAction, SyncResult } from './syncTypes';

export interface RunSummaryFacts {
  databricksHost: string;
  /** who signed in, e.g. "service connection 'prod' (WorkloadIdentityFederation, …)"; never a secret */
  identity: string;
  repoUrl: string;
  gitProvider: GitProvider;
  dryRun: boolean;
  durationMs: number;
  result: SyncResult;
}

const folderActionText: Record<FolderAction, string> = {
  created: 'created',
  recreated: 'deleted and created again',
  updated: 'updated',
  unchanged: 'already up to date',
  wouldCreate: 'would be created',
  wouldRecreate: 'would be deleted and created again',
  wouldUpdate: 'would be updated',
};

const credentialActionText: Record<CredentialAction, string> = {
  created: 'created',
  updated: 'updated',
  skipped: 'left as it is',
  wouldCreate: 'would be created',
  wouldUpdate: 'would be updated',
};

/** Text for a markdown table cell: server text neutralised, pipes and line breaks escaped. */
function cell(text: string): string {
  return neutralise(text).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function link(text: string, url: string | undefined): string {
  return url ? `[${cell(text)}](${encodeURI(url)})` : cell(text);
}

/** Azure Repos shows a commit at `<repo>/commit/<sha>`; other providers are left unlinked rather than guessed. */
function commitLink(commit: string, facts: RunSummaryFacts): string {
  if (!commit) return '—';
  const short = commit.slice(0, 10);
  const url = facts.gitProvider === 'azureDevOpsServices' ? `${facts.repoUrl}/commit/${commit}` : undefined;
  return link(short, url);
}

function grantText(grant: PermissionGrant): string {
  return `${grant.principalType}:${grant.principal} = ${grant.level}`;
}

function refText(result: SyncResult): string {
  return result.tag ? `tag \`${cell(result.tag)}\`` : `branch \`${cell(result.branch)}\``;
}

/** Builds the summary markdown; pure so tests can read it for a create, an update and a dry run. */
export function buildRunSummary(facts: RunSummaryFacts): string {
  const { result } = facts;
  const folderUrl = result.repoId ? `${facts.databricksHost}/browse/folders/${result.repoId}` : undefined;
  const seconds = (facts.durationMs / 1000).toFixed(1);
  const rows: [string, string][] = [
    ['Workspace', link(facts.databricksHost, facts.databricksHost)],
    ['Signed in as', cell(facts.identity)],
    ['Git folder', `${link(result.repoPath, folderUrl)} — ${folderActionText[result.folderAction]}`],
    ['Repository', link(facts.repoUrl, facts.repoUrl)],
    ['Checked out', refText(result)],
    ['Commit', `${commitLink(result.previousCommitId, facts)} → ${commitLink(result.headCommitId, facts)}`],
    ['Git credential', credentialActionText[result.credentialAction] + (result.credentialId ? ` (id ${cell(result.credentialId)})` : '')],
    ['Permissions', result.permissionsApplied.length ? result.permissionsApplied.map(grantText).map(cell).join('<br>') : 'unchanged'],
    ['Changed', result.changed ? 'yes' : 'no'],
    ['Time', `${seconds} s`],
  ];
  const lines = [
    `### Databricks Repo Sync${facts.dryRun ? ' — dry run' : ''}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
  ];
  if (facts.dryRun) {
    lines.push('', '**Plan** (nothing was changed):', '');
    lines.push(...(result.plannedWrites.length ? result.plannedWrites.map((w) => `1. ${cell(w)}`) : ['Nothing to change.']));
  }
  if (result.warnings.length) {
    lines.push('', '**Warnings**', '', ...result.warnings.map((w) => `- ${cell(w)}`));
  }
  return lines.join('\n') + '\n';
}
