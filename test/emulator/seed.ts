// seedDemo(): one consistent world for demos and end-to-end tests: a tenant, an app with a secret, an expired
// secret, a certificate and federated credentials, managed identities, a workspace with the identities added, an
// Azure DevOps organisation with them as Basic users, and remotes with branches main/dev/feature/x and tag v1.0.0.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempFolder, removeTempFolder } from '../support/tempFolders';
import { createClientCertificate, type ClientCertificate } from '../support/tls';
import { derivedGuid } from './entraDirectory';
import type { EmulatorState } from './state';
import { TOKEN_EXCHANGE_AUDIENCE } from './tokenIssuer';
import { emulatorUrls } from './urls';

export interface DemoSeed {
  tenant: { id: string; domain: string };
  /** the pipeline's service principal: workspace member, Basic user of the organisation */
  application: {
    clientId: string;
    objectId: string;
    secret: string;
    expiredSecret: string;
    /** registered on the app: certificate, key, and both in one PEM */
    certificate: ClientCertificate;
    /** a file holding certificate.pem, for the certificatePath input */
    certificatePemFile: string;
  };
  /** registered in the tenant with a secret, but neither in the workspace nor in the organisation */
  outsider: { clientId: string; secret: string };
  managedIdentity: { userAssignedClientId: string; systemAssignedClientId: string; identityHeader: string };
  azureDevOps: {
    organization: string;
    organizationId: string;
    collectionUri: string;
    projectId: string;
    projectName: string;
    /** its ID token matches the application's federated credential */
    serviceConnectionId: string;
    serviceConnectionName: string;
    /** registered in the project, but no federated credential trusts it (AADSTS70021) */
    unmatchedServiceConnectionId: string;
    systemAccessToken: string;
    hostType: string;
    planId: string;
    jobId: string;
    oidcRequestUri: string;
  };
  workspace: { host: string; adminUser: string; applicationHome: string };
  /**
   * A Databricks-managed service principal (no Entra app) for the Databricks workspace connection: an OAuth secret, a
   * personal access token, and a federation policy for the ID token of that connection.
   */
  databricksPrincipal: {
    clientId: string;
    oauthSecret: string;
    personalAccessToken: string;
    /** the Databricks workspace service connection of the demo project (its ID token matches the policy) */
    serviceConnectionId: string;
    serviceConnectionName: string;
  };
  /** Azure DevOps remote */
  repository: { url: string; defaultBranch: string; branches: Record<string, string>; tags: Record<string, string> };
  /** GitHub remote reachable with a PAT */
  gitHubRepository: { url: string; token: string };
}

function writePemFile(certificate: ClientCertificate): string {
  const file = path.join(makeTempFolder('repo-sync-cert-', { holdsSecrets: true }), 'client.pem');
  fs.writeFileSync(file, certificate.pem, { mode: 0o600 });
  return file;
}

/** Removes the seed's certificate PEM file (it holds the private key) with its folder. */
export function removeSeedFiles(seed: DemoSeed): void {
  removeTempFolder(path.dirname(seed.application.certificatePemFile));
}

/** A stable, recognisable secret: the same on every run, unlikely to appear in a log by chance. */
function demoSecret(prefix: string, label: string): string {
  return `${prefix}${crypto.createHash('sha256').update(`demo-secret:${label}`).digest('hex').slice(0, 32)}`;
}

function seedEntra(state: EmulatorState, certificate: ClientCertificate): Pick<DemoSeed, 'tenant' | 'application' | 'outsider' | 'managedIdentity'> {
  const { entra } = state;
  const tenant = entra.addTenant(derivedGuid('demo-tenant'), ['contoso.onmicrosoft.com']);
  const app = entra.addApplication({ clientId: derivedGuid('demo-application'), tenantId: tenant.id, displayName: 'repo-sync-pipeline' });
  const secret = entra.addSecret(app.clientId, demoSecret('Dm8Q~', 'application')).value;
  const expiredSecret = entra.addSecret(app.clientId, demoSecret('Ex8Q~', 'application-expired'), new Date(Date.now() - 24 * 3600 * 1000)).value;
  entra.addCertificate(app.clientId, certificate.cert, certificate.key);
  const outsider = entra.addApplication({ clientId: derivedGuid('demo-outsider'), tenantId: tenant.id, displayName: 'not-in-workspace' });
  const outsiderSecret = entra.addSecret(outsider.clientId, demoSecret('Ou8Q~', 'outsider')).value;
  const userAssigned = entra.addManagedIdentity({ clientId: derivedGuid('demo-mi-user'), tenantId: tenant.id, kind: 'userAssigned' });
  const systemAssigned = entra.addManagedIdentity({ clientId: derivedGuid('demo-mi-system'), tenantId: tenant.id, kind: 'systemAssigned' });
  entra.managedIdentityEndpoint.identityHeader = demoSecret('mi-', 'identity-header');
  return {
    tenant: { id: tenant.id, domain: 'contoso.onmicrosoft.com' },
    application: { clientId: app.clientId, objectId: app.objectId, secret, expiredSecret, certificate, certificatePemFile: writePemFile(certificate) },
    outsider: { clientId: outsider.clientId, secret: outsiderSecret },
    managedIdentity: {
      userAssignedClientId: userAssigned.clientId,
      systemAssignedClientId: systemAssigned.clientId,
      identityHeader: entra.managedIdentityEndpoint.identityHeader,
    },
  };
}

function seedAzureDevOps(state: EmulatorState, tenantId: string, identities: string[]): DemoSeed['azureDevOps'] {
  const { azureDevOps } = state;
  const organization = azureDevOps.addOrganization({ name: 'demo-org', id: derivedGuid('demo-org'), tenantId });
  const project = azureDevOps.addProject(organization.name, { id: derivedGuid('demo-project'), name: 'demo-project' });
  const connection = azureDevOps.addServiceConnection(organization.name, { id: derivedGuid('demo-sc'), name: 'databricks-wif', projectId: project.id });
  const unmatched = azureDevOps.addServiceConnection(organization.name, { id: derivedGuid('demo-sc-unmatched'), name: 'unrelated-wif', projectId: project.id });
  for (const identity of identities) {
    azureDevOps.addUser(organization.name, identity);
  }
  const systemAccessToken = demoSecret('ado-system-', 'system-access-token');
  azureDevOps.addSystemAccessToken(organization.name, systemAccessToken);
  const planId = derivedGuid('demo-plan');
  const jobId = derivedGuid('demo-job');
  const urls = emulatorUrls(state.url);
  return {
    organization: organization.name,
    organizationId: organization.id,
    collectionUri: urls.collectionUri(organization.name),
    projectId: project.id,
    projectName: project.name,
    serviceConnectionId: connection.id,
    serviceConnectionName: connection.name,
    unmatchedServiceConnectionId: unmatched.id,
    systemAccessToken,
    hostType: 'build',
    planId,
    jobId,
    oidcRequestUri: urls.oidcRequestUri(organization.name, project.id, planId, jobId),
  };
}

function seedWorkspace(state: EmulatorState, identities: string[]): DemoSeed['workspace'] {
  const { workspace } = state;
  for (const identity of identities) {
    workspace.addServicePrincipal(identity);
  }
  workspace.addUser('alice@contoso.com', { admin: true });
  workspace.addGroup('data-engineers');
  return { host: state.url, adminUser: 'alice@contoso.com', applicationHome: `/Users/${identities[0]}` };
}

function seedDatabricksPrincipal(state: EmulatorState, azureDevOps: DemoSeed['azureDevOps']): DemoSeed['databricksPrincipal'] {
  const clientId = derivedGuid('demo-databricks-sp');
  state.workspace.addServicePrincipal(clientId, { displayName: 'repo-sync-databricks-sp' });
  const connection = state.azureDevOps.addServiceConnection(azureDevOps.organization, {
    id: derivedGuid('demo-sc-databricks'),
    name: 'databricks-workspace',
    projectId: azureDevOps.projectId,
  });
  state.workspace.oauth.addFederationPolicy(clientId, {
    issuer: state.azureDevOps.oidcIssuer(azureDevOps.organization),
    subject: state.azureDevOps.serviceConnectionSubject(azureDevOps.organization, connection.id),
    audiences: [TOKEN_EXCHANGE_AUDIENCE],
  });
  return {
    clientId,
    oauthSecret: state.workspace.oauth.addSecret(clientId, demoSecret('dose', 'databricks-oauth-secret')),
    personalAccessToken: state.workspace.oauth.addPersonalAccessToken(clientId, demoSecret('dapi', 'databricks-pat')),
    serviceConnectionId: connection.id,
    serviceConnectionName: connection.name,
  };
}

function seedRemotes(state: EmulatorState): Pick<DemoSeed, 'repository' | 'gitHubRepository'> {
  const repository = state.remotes.add({
    url: 'https://dev.azure.com/demo-org/demo-project/_git/demo-repo',
    branches: ['dev', 'feature/x'],
    tags: ['v1.0.0'],
  });
  const gitHubToken = demoSecret('ghp_', 'github-pat');
  const gitHub = state.remotes.add({ url: 'https://github.com/contoso/demo-repo', acceptedTokens: [gitHubToken] });
  return {
    repository: {
      url: repository.url,
      defaultBranch: repository.defaultBranch,
      branches: Object.fromEntries(repository.branches),
      tags: Object.fromEntries(repository.tags),
    },
    gitHubRepository: { url: gitHub.url, token: gitHubToken },
  };
}

/** Seeds the demo world into a fresh emulator (call once) and returns every id and secret a test needs. */
export async function seedDemo(state: EmulatorState): Promise<DemoSeed> {
  const certificate = await createClientCertificate('repo-sync-pipeline');
  const entra = seedEntra(state, certificate);
  const identities = [entra.application.clientId, entra.managedIdentity.userAssignedClientId, entra.managedIdentity.systemAssignedClientId];
  const azureDevOps = seedAzureDevOps(state, entra.tenant.id, identities);
  const clientId = entra.application.clientId;
  state.entra.addFederatedCredential(clientId, {
    name: 'azure-devops-service-connection',
    issuer: state.azureDevOps.oidcIssuer(azureDevOps.organization),
    subject: state.azureDevOps.serviceConnectionSubject(azureDevOps.organization, azureDevOps.serviceConnectionId),
    audiences: [TOKEN_EXCHANGE_AUDIENCE],
  });
  state.entra.addFederatedCredential(clientId, {
    name: 'databricks-git-federation',
    issuer: emulatorUrls(state.url).workspaceOidcIssuer,
    subject: clientId,
    audiences: [TOKEN_EXCHANGE_AUDIENCE],
  });
  const workspace = seedWorkspace(state, identities);
  const databricksPrincipal = seedDatabricksPrincipal(state, azureDevOps);
  return { ...entra, azureDevOps, workspace, databricksPrincipal, ...seedRemotes(state) };
}
