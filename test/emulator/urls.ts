// Where each emulated service lives on the one emulator URL: what a test puts in the task's inputs and variables.

export interface EmulatorUrls {
  /** authorityHost input / service connection activeDirectoryAuthority */
  authorityHost: string;
  /** `<url>/<tenant>`: the authority msal-node is given */
  authority(tenant: string): string;
  tokenEndpoint(tenant: string): string;
  /** databricksHost input */
  databricksHost: string;
  /** issuer of Databricks' own federation to Azure DevOps (provider azureDevOpsServicesAad) */
  workspaceOidcIssuer: string;
  /** System.CollectionUri: `<url>/ado/<org>/` */
  collectionUri(organization: string): string;
  /** System.OidcRequestUri */
  oidcRequestUri(organization: string, projectId: string, planId: string, jobId: string, hostType?: string): string;
  /** IDENTITY_ENDPOINT for msal-node's App Service managed identity source (with IDENTITY_HEADER) */
  appServiceIdentityEndpoint: string;
  /** AZURE_POD_IDENTITY_AUTHORITY_HOST for msal-node's IMDS source (it appends /metadata/identity/oauth2/token) */
  imdsAuthorityHost: string;
}

export function emulatorUrls(url: string): EmulatorUrls {
  return {
    authorityHost: url,
    authority: (tenant) => `${url}/${tenant}`,
    tokenEndpoint: (tenant) => `${url}/${tenant}/oauth2/v2.0/token`,
    databricksHost: url,
    workspaceOidcIssuer: `${url}/oidc`,
    collectionUri: (organization) => `${url}/ado/${organization}/`,
    oidcRequestUri: (organization, projectId, planId, jobId, hostType = 'build') =>
      `${url}/ado/${organization}/${projectId}/_apis/distributedtask/hubs/${hostType}/plans/${planId}/jobs/${jobId}/oidctoken`,
    appServiceIdentityEndpoint: `${url}/msi/token`,
    imdsAuthorityHost: url,
  };
}
