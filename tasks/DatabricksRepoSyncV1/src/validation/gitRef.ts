// The ref to check out: from the branch/tag inputs, else derived from the pipeline's own ref (SPEC §2).

import type { GitRef } from '../options';
import { type Checked, invalid, quote, valid } from './checked';

const SET_BRANCH_OR_TAG = 'Set the branch or tag input';

/** `refs/heads/X` → branch X (X may contain `/`), `refs/tags/X` → tag X, anything else undefined. */
export function refFromFullName(ref: string): GitRef | undefined {
  const match = /^refs\/(heads|tags)\/(.+)$/.exec(ref.trim());
  if (!match) return undefined;
  return match[1] === 'heads' ? { kind: 'branch', name: match[2] } : { kind: 'tag', name: match[2] };
}

/** Why `name` is not a valid Git ref name (the rules of git check-ref-format), or undefined when it is. */
export function refNameProblem(name: string): string | undefined {
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) {
    return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  }
  if (name.includes('..') || name.includes('@{') || name === '@') return "contains '..' or '@{', or is '@'";
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    return "starts or ends with '/', or holds '//'";
  }
  if (name.endsWith('.') || name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return "ends with '.', or has a part starting with '.' or ending with '.lock'";
  }
  return undefined;
}

function checkRefName(kind: GitRef['kind'], value: string): Checked<GitRef> {
  const trimmed = value.trim();
  const full = refFromFullName(trimmed);
  if (full && full.kind !== kind) {
    return invalid(`${quote(value)} is a ${full.kind} ref. Set it as ${full.kind}, not ${kind}.`);
  }
  // A full ref such as $(Build.SourceBranch) is accepted: Databricks wants the short name.
  const name = full ? full.name : trimmed;
  const problem = refNameProblem(name);
  return problem ? invalid(`${quote(value)} is not a valid Git ${kind} name: it ${problem}.`) : valid({ kind, name });
}

export interface PipelineRefVariables {
  /** Build.Reason */
  buildReason?: string;
  /** Build.SourceBranch */
  sourceBranch?: string;
  /** System.PullRequest.SourceBranch */
  pullRequestSourceBranch?: string;
}

/** The pipeline's own ref: a pull request's source branch, else Build.SourceBranch. */
export function refFromPipeline(variables: PipelineRefVariables): Checked<GitRef> {
  const isPullRequest = variables.buildReason?.trim().toLowerCase() === 'pullrequest';
  const source = isPullRequest ? 'System.PullRequest.SourceBranch' : 'Build.SourceBranch';
  const ref = (isPullRequest ? variables.pullRequestSourceBranch : variables.sourceBranch)?.trim();
  if (!ref) {
    return invalid(`neither branch nor tag is set and the pipeline variable ${source} is empty. ${SET_BRANCH_OR_TAG}.`);
  }
  // GitHub pull requests name their source branch bare ("feature/x"), Azure Repos as refs/heads/feature/x.
  const bareBranch = isPullRequest && !ref.startsWith('refs/') ? { kind: 'branch' as const, name: ref } : undefined;
  const parsed = bareBranch ?? refFromFullName(ref);
  if (!parsed || refNameProblem(parsed.name)) {
    return invalid(
      `neither branch nor tag is set and the pipeline's ref ${quote(ref)} (${source}) is not refs/heads/<branch> ` +
        `or refs/tags/<tag>. ${SET_BRANCH_OR_TAG}.`,
    );
  }
  return valid(parsed);
}

/** The ref to check out and the input a problem with it is reported under. */
export interface ResolvedRef {
  input: 'branch' | 'tag';
  checked: Checked<GitRef>;
}

/** The branch or tag input when one is set (never both), else the pipeline's own ref. */
export function resolveRef(
  branch: string | undefined,
  tag: string | undefined,
  pipeline: PipelineRefVariables,
): ResolvedRef {
  if (branch && tag) {
    const problem = `${quote(branch)} and tag ${quote(tag)} are both set. Set only one of them.`;
    return { input: 'branch', checked: invalid(problem) };
  }
  if (branch) return { input: 'branch', checked: checkRefName('branch', branch) };
  if (tag) return { input: 'tag', checked: checkRefName('tag', tag) };
  return { input: 'branch', checked: refFromPipeline(pipeline) };
}
