// Git provider names as the Databricks API accepts them: case-insensitive on input, canonical spelling on output.

const PROVIDERS = [
  'gitHub',
  'bitbucketCloud',
  'gitLab',
  'azureDevOpsServices',
  'gitHubEnterprise',
  'bitbucketServer',
  'gitLabEnterpriseEdition',
  'awsCodeCommit',
  // accepted by the service though not in the published enum: Databricks federates to Azure DevOps itself
  'azureDevOpsServicesAad',
];

/** The canonical spelling of a provider name, or undefined when Databricks does not know it. */
export function canonicalProvider(name: string): string | undefined {
  return PROVIDERS.find((provider) => provider.toLowerCase() === name.toLowerCase());
}

export const AZURE_DEVOPS = 'azureDevOpsServices';
export const AZURE_DEVOPS_AAD = 'azureDevOpsServicesAad';

/** Credential providers that can authenticate clones of a repository with this provider. */
export function credentialProvidersFor(repositoryProvider: string): string[] {
  return repositoryProvider === AZURE_DEVOPS ? [AZURE_DEVOPS, AZURE_DEVOPS_AAD] : [repositoryProvider];
}
