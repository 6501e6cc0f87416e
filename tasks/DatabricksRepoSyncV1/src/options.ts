// The typed options of one run: what inputs.ts produces from the task inputs and everything downstream consumes.

/** Git providers Databricks knows, spelled as the REST API spells them. */
export type GitProvider =
  | 'azureDevOpsServices'
  | 'gitHub'
  | 'gitHubEnterprise'
  | 'gitLab'
  | 'gitLabEnterpriseEdition'
  | 'bitbucketCloud'
  | 'bitbucketServer';

/** How the identity's Databricks Git credential is kept (SPEC §4.2). */
export type GitCredentialMode = 'entraToken' | 'federated' | 'personalAccessToken' | 'none';

/** The pipeline variables an ID token request is built from (System.OidcRequestUri, else the collection-URI form). */
export interface OidcRequestVariables {
  oidcRequestUri?: string;
  collectionUri?: string;
  teamProjectId?: string;
  hostType?: string;
  planId?: string;
  jobId?: string;
}

/**
 * Where the Entra ID token for the federated assertion comes from. `request` carries the raw pipeline variables;
 * the auth module builds the URL.
 */
export type IdTokenSource =
  | { kind: 'static'; idToken: string }
  | ({ kind: 'request'; serviceConnectionId: string; systemAccessToken: string } & OidcRequestVariables);

/** An Entra application signing in: who, in which tenant, at which authority host. */
export interface EntraApplication {
  authorityHost: string;
  /** what named the authority host, for a failure to reach it: "authorityHost", "the service connection's …" */
  authoritySource?: string;
  tenantId: string;
  clientId: string;
}

/** A credential that signs in through Microsoft Entra ID (MSAL). */
export type EntraSource =
  | ({ kind: 'secret'; clientSecret: string } & EntraApplication)
  | ({ kind: 'certificate'; certificatePem: string } & EntraApplication)
  | ({ kind: 'federation'; idToken: IdTokenSource } & EntraApplication)
  | { kind: 'managedIdentity'; clientId?: string };

/** A Databricks service principal signing in at its workspace (the *Databricks workspace* connection, SPEC §7). */
export interface DatabricksPrincipal {
  /** the workspace origin: the connection's URL */
  host: string;
  /** the service principal's application (client) id */
  clientId: string;
}

/** A credential that signs in with Databricks itself (workspace OAuth, or a personal access token), on any cloud. */
export type DatabricksSource =
  | ({ kind: 'databricksOAuthSecret'; clientSecret: string } & DatabricksPrincipal)
  | ({ kind: 'databricksFederation'; idToken: IdTokenSource } & DatabricksPrincipal)
  | { kind: 'databricksToken'; host: string; token: string };

/** The credential the task signs in with, already resolved from inputs or the service connection. */
export type CredentialSource = EntraSource | DatabricksSource;

const DATABRICKS_KINDS: ReadonlySet<CredentialSource['kind']> = new Set(['databricksOAuthSecret', 'databricksFederation', 'databricksToken']);

/** Whether a credential signs in with Databricks itself (no Entra ID, no MSAL). */
export function isDatabricksSource(source: CredentialSource): source is DatabricksSource {
  return DATABRICKS_KINDS.has(source.kind);
}

export type PermissionLevel = 'CAN_READ' | 'CAN_RUN' | 'CAN_EDIT' | 'CAN_MANAGE';

export interface PermissionGrant {
  principalType: 'user' | 'group' | 'servicePrincipal';
  /** user name, group name, or service principal application id */
  principal: string;
  level: PermissionLevel;
}

export type GitRef = { kind: 'branch'; name: string } | { kind: 'tag'; name: string };

export interface GitCredentialOptions {
  mode: GitCredentialMode;
  /** only for personalAccessToken */
  token?: string;
  username?: string;
  email?: string;
}

export interface ProxySettings {
  /** proxy URL, e.g. http://proxy:8888 */
  url: string;
  username?: string;
  password?: string;
  /** regular expressions (agent's proxy bypass list); a matching request URL goes direct */
  bypass: string[];
}

export interface TaskOptions {
  credential: CredentialSource;
  /** human description for the log, e.g. "service connection 'prod' (WorkloadIdentityFederation)"; never a secret */
  identityDescription: string;
  /** workspace origin without trailing slash, e.g. https://adb-123.4.azuredatabricks.net */
  databricksHost: string;
  /** https URL of the remote with user info stripped */
  repoUrl: string;
  gitProvider: GitProvider;
  gitCredential: GitCredentialOptions;
  /** normalised workspace path (no trailing slash, no /Workspace prefix) */
  repoPath: string;
  ref: GitRef;
  sparseCheckoutPatterns: string[];
  createIfMissing: boolean;
  onMismatch: 'fail' | 'recreate';
  discardLocalChanges: boolean;
  expectedCommit?: string;
  permissions: PermissionGrant[];
  replacePermissions: boolean;
  exportTokens: boolean;
  dryRun: boolean;
  retryTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  proxy?: ProxySettings;
  /** PEM of the agent's own certificate authority (agent configured with --sslcacert: Agent.CAInfo), to trust too */
  agentCertificateAuthority?: string;
}
