// The Azure DevOps side of the emulator's state: organisations with their projects, users (identities by Entra
// client id, with an access level and repository access), service connections and the pipeline's system tokens.

export type AccessLevel = 'basic' | 'stakeholder';

export interface OrganizationUser {
  /** the Entra client id (application or managed identity) the user is */
  identityId: string;
  /** Stakeholder cannot read code: Databricks then answers "Remote repo not found" */
  accessLevel: AccessLevel;
  /** normalised remote URLs the user may read, or every repository of the organisation */
  repositories: 'all' | string[];
}

export interface Project {
  id: string;
  name: string;
}

export interface ServiceConnection {
  id: string;
  name: string;
  projectId: string;
}

export interface Organization {
  name: string;
  /** GUID: part of the OIDC issuer https://vstoken.dev.azure.com/<id> */
  id: string;
  /** the Entra tenant backing the organisation; tokens of other tenants are not its users */
  tenantId: string;
  projects: Map<string, Project>;
  /** by identity id */
  users: Map<string, OrganizationUser>;
  /** by id */
  serviceConnections: Map<string, ServiceConnection>;
  /** System.AccessToken values the OIDC endpoint accepts */
  systemAccessTokens: Set<string>;
}

export class AzureDevOpsDirectory {
  /** by lower-case name */
  readonly organizations = new Map<string, Organization>();

  addOrganization(options: { name: string; id: string; tenantId: string }): Organization {
    const organization: Organization = {
      ...options,
      projects: new Map(),
      users: new Map(),
      serviceConnections: new Map(),
      systemAccessTokens: new Set(),
    };
    this.organizations.set(options.name.toLowerCase(), organization);
    return organization;
  }

  find(name: string): Organization | undefined {
    return this.organizations.get(name.toLowerCase());
  }

  addProject(organization: string, project: Project): Project {
    this.organization(organization).projects.set(project.id.toLowerCase(), project);
    return project;
  }

  /** Adds (or replaces) an organisation user; Basic with access to every repository unless told otherwise. */
  addUser(organization: string, identityId: string, options: Partial<Omit<OrganizationUser, 'identityId'>> = {}): OrganizationUser {
    const user: OrganizationUser = { identityId, accessLevel: options.accessLevel ?? 'basic', repositories: options.repositories ?? 'all' };
    this.organization(organization).users.set(identityId.toLowerCase(), user);
    return user;
  }

  removeUser(organization: string, identityId: string): void {
    this.organization(organization).users.delete(identityId.toLowerCase());
  }

  addServiceConnection(organization: string, connection: ServiceConnection): ServiceConnection {
    this.organization(organization).serviceConnections.set(connection.id.toLowerCase(), connection);
    return connection;
  }

  addSystemAccessToken(organization: string, token: string): void {
    this.organization(organization).systemAccessTokens.add(token);
  }

  /** `iss` of the organisation's pipeline ID tokens. */
  oidcIssuer(organization: string): string {
    return `https://vstoken.dev.azure.com/${this.organization(organization).id}`;
  }

  /** `sub` of a service connection's ID token: sc://<org>/<project>/<connection>. */
  serviceConnectionSubject(organization: string, connectionId: string): string {
    const found = this.organization(organization);
    const connection = found.serviceConnections.get(connectionId.toLowerCase());
    if (connection === undefined) {
      throw new Error(`emulator: no service connection ${connectionId} in ${organization}`);
    }
    const project = found.projects.get(connection.projectId.toLowerCase());
    return `sc://${found.name}/${project?.name ?? connection.projectId}/${connection.name}`;
  }

  /** The organisation or throws: seeding into an unknown organisation is a test bug. */
  organization(name: string): Organization {
    const found = this.find(name);
    if (found === undefined) {
      throw new Error(`emulator: no Azure DevOps organisation ${name}`);
    }
    return found;
  }

  secrets(): string[] {
    return [...this.organizations.values()].flatMap((organization) => [...organization.systemAccessTokens]);
  }
}
