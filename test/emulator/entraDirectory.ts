// The Entra ID side of the emulator's state: tenants, app registrations with their credentials (secrets,
// certificates, federated credentials) and managed identities. Tests seed it and may change it mid-test.

import * as crypto from 'node:crypto';
import { certificateThumbprints } from './jwt';
import { AZURE_DEVOPS_RESOURCE, DATABRICKS_RESOURCE } from './tokenIssuer';

export interface Tenant {
  /** GUID */
  id: string;
  /** verified domains such as contoso.onmicrosoft.com; an authority may name the tenant by any of them */
  domains: string[];
}

export interface ClientSecret {
  /** the secret's key id (what the portal calls "Secret ID"; not usable to sign in) */
  keyId: string;
  value: string;
  expiresAt: Date;
}

export interface RegisteredCertificate {
  certificatePem: string;
  publicKey: crypto.KeyObject;
  /** base64url SHA-1 / SHA-256 of the DER certificate, as in the `x5t` / `x5t#S256` assertion header */
  thumbprintSha1: string;
  thumbprintSha256: string;
  /** kept only so issuedSecrets() can report it; Entra itself never holds it */
  privateKeyPem?: string;
}

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface Application {
  clientId: string;
  tenantId: string;
  /** the service principal's object id: `oid` in its tokens */
  objectId: string;
  displayName: string;
  secrets: ClientSecret[];
  certificates: RegisteredCertificate[];
  federatedCredentials: FederatedCredential[];
}

export interface ManagedIdentity {
  clientId: string;
  tenantId: string;
  objectId: string;
  kind: 'systemAssigned' | 'userAssigned';
  displayName: string;
}

/** What the managed identity endpoints (App Service and IMDS style) need besides the identities. */
export interface ManagedIdentityEndpointSettings {
  /** the `X-IDENTITY-HEADER` value App Service gives the process in IDENTITY_HEADER */
  identityHeader: string;
  /** client id of the system-assigned identity; unset = the host has none */
  systemAssignedClientId?: string;
  /**
   * knob: answers the next token requests get before a token, one each, in order: 404 (the identity is not ready yet,
   * shortly after it was assigned), 410 (IMDS is being updated), 500. msal-node retries all three (its managed
   * identity retry policy), and so must a client that turned MSAL's own retries off.
   */
  transientAnswers: Array<404 | 410 | 500>;
}

export class EntraDirectory {
  readonly tenants = new Map<string, Tenant>();
  /** by client id */
  readonly applications = new Map<string, Application>();
  /** by client id */
  readonly managedIdentities = new Map<string, ManagedIdentity>();
  /** resources a client-credentials token may be asked for (`<resource>/.default`) */
  readonly resources = new Set<string>([DATABRICKS_RESOURCE, AZURE_DEVOPS_RESOURCE]);
  readonly managedIdentityEndpoint: ManagedIdentityEndpointSettings = { identityHeader: 'emulator-identity-header', transientAnswers: [] };
  /** client assertions received at the token endpoint: secrets too, for the leak check */
  readonly receivedAssertions = new Set<string>();

  addTenant(id: string, domains: string[] = []): Tenant {
    const tenant: Tenant = { id, domains };
    this.tenants.set(id.toLowerCase(), tenant);
    return tenant;
  }

  /** A tenant named by id or by one of its domains, case-insensitively. */
  findTenant(idOrDomain: string): Tenant | undefined {
    const wanted = idOrDomain.toLowerCase();
    return this.tenants.get(wanted) ?? [...this.tenants.values()].find((tenant) => tenant.domains.some((domain) => domain.toLowerCase() === wanted));
  }

  addApplication(options: { clientId: string; tenantId: string; displayName?: string; objectId?: string }): Application {
    const application: Application = {
      clientId: options.clientId,
      tenantId: options.tenantId,
      objectId: options.objectId ?? derivedGuid(`object:${options.clientId}`),
      displayName: options.displayName ?? `app-${options.clientId.slice(0, 8)}`,
      secrets: [],
      certificates: [],
      federatedCredentials: [],
    };
    this.applications.set(options.clientId, application);
    return application;
  }

  /** Adds a client secret; `expiresAt` in the past makes sign-in fail with AADSTS7000222. */
  addSecret(clientId: string, value: string, expiresAt: Date = new Date(Date.now() + 365 * 24 * 3600 * 1000)): ClientSecret {
    const secret: ClientSecret = { keyId: derivedGuid(`secret:${value}`), value, expiresAt };
    this.application(clientId).secrets.push(secret);
    return secret;
  }

  addCertificate(clientId: string, certificatePem: string, privateKeyPem?: string): RegisteredCertificate {
    const thumbprints = certificateThumbprints(certificatePem);
    const certificate: RegisteredCertificate = {
      certificatePem,
      publicKey: new crypto.X509Certificate(certificatePem).publicKey,
      thumbprintSha1: thumbprints.sha1,
      thumbprintSha256: thumbprints.sha256,
      privateKeyPem,
    };
    this.application(clientId).certificates.push(certificate);
    return certificate;
  }

  addFederatedCredential(clientId: string, credential: FederatedCredential): FederatedCredential {
    this.application(clientId).federatedCredentials.push(credential);
    return credential;
  }

  /** Registers a managed identity; a system-assigned one also becomes the endpoint's default identity. */
  addManagedIdentity(options: { clientId: string; tenantId: string; kind: ManagedIdentity['kind']; displayName?: string }): ManagedIdentity {
    const identity: ManagedIdentity = {
      ...options,
      objectId: derivedGuid(`object:${options.clientId}`),
      displayName: options.displayName ?? `mi-${options.clientId.slice(0, 8)}`,
    };
    this.managedIdentities.set(options.clientId, identity);
    if (options.kind === 'systemAssigned') {
      this.managedIdentityEndpoint.systemAssignedClientId = options.clientId;
    }
    return identity;
  }

  /** The registration or throws: seeding a credential for an unknown app is a test bug. */
  application(clientId: string): Application {
    const application = this.applications.get(clientId);
    if (application === undefined) {
      throw new Error(`emulator: no application ${clientId}`);
    }
    return application;
  }

  /** Every secret this directory knows: client secrets, certificate keys, the identity header, assertions seen. */
  secrets(): string[] {
    const applications = [...this.applications.values()];
    return [
      ...applications.flatMap((application) => application.secrets.map((secret) => secret.value)),
      ...applications.flatMap((application) => application.certificates.flatMap((certificate) => certificate.privateKeyPem ?? [])),
      this.managedIdentityEndpoint.identityHeader,
      ...this.receivedAssertions,
    ];
  }
}

/** A stable GUID derived from a label, so seeded ids are the same on every run. */
export function derivedGuid(label: string): string {
  const hex = crypto.createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
