// The Git provider of the remote: the gitProvider input, or for `auto` the one the remote's host belongs to.

import type { GitProvider } from '../options';
import { checkChoice } from './choices';
import { type Checked, invalid, quote, valid } from './checked';

export const GIT_PROVIDERS: readonly GitProvider[] = [
  'azureDevOpsServices',
  'gitHub',
  'gitHubEnterprise',
  'gitLab',
  'gitLabEnterpriseEdition',
  'bitbucketCloud',
  'bitbucketServer',
];

/** Azure DevOps Services: dev.azure.com and the older <organisation>.visualstudio.com. */
export function isAzureDevOpsHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'dev.azure.com' || host.endsWith('.visualstudio.com');
}

/** The provider of a well-known host; self-hosted servers cannot be told apart by name, so they need the input. */
export function providerOfHost(hostname: string): GitProvider | undefined {
  const host = hostname.toLowerCase();
  if (isAzureDevOpsHost(host)) return 'azureDevOpsServices';
  if (host === 'github.com') return 'gitHub';
  if (host === 'gitlab.com') return 'gitLab';
  if (host === 'bitbucket.org') return 'bitbucketCloud';
  return undefined;
}

/**
 * `value` is the gitProvider input (empty means auto); `remoteUrl` the validated repoUrl, undefined when repoUrl was
 * invalid: then `auto` fails without a problem of its own, as repoUrl's problem already says what to fix.
 */
export function checkGitProvider(value: string | undefined, remoteUrl: string | undefined): Checked<GitProvider> {
  const choice = checkChoice(value?.trim() || 'auto', ['auto', ...GIT_PROVIDERS]);
  if (!choice.ok) return choice;
  if (choice.value !== 'auto') return valid(choice.value);
  if (remoteUrl === undefined) return invalid();
  const host = new URL(remoteUrl).hostname;
  const detected = providerOfHost(host);
  return detected
    ? valid(detected)
    : invalid(
        `auto cannot tell the provider of host ${quote(host)}. Set gitProvider to one of ${GIT_PROVIDERS.join(', ')}.`,
      );
}
