// Entra identifiers: application (client) ids are GUIDs; a tenant is a GUID or a verified domain.

import { type Checked, invalid, quote, valid } from './checked';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000';
/** Host-name characters only: it catches a pasted URL or authority, and leaves "is there such a tenant" to Entra. */
const TENANT_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value.trim());
}

export function checkClientId(value: string): Checked<string> {
  return isGuid(value)
    ? valid(value.trim())
    : invalid(`${quote(value)} is not an application (client) id. Expected a GUID, e.g. ${EXAMPLE_GUID}.`);
}

/** Entra's multi-tenant aliases: a service principal signs in to its own tenant, and MSAL refuses these for it. */
const TENANT_ALIASES = ['common', 'organizations', 'consumers'];

export function checkTenantId(value: string): Checked<string> {
  const trimmed = value.trim();
  if (TENANT_ALIASES.includes(trimmed.toLowerCase())) {
    return invalid(
      `${quote(value)} is not a tenant a service principal can sign in to. Expected the id (a GUID) or a domain of ` +
        "the application's own tenant, e.g. contoso.onmicrosoft.com.",
    );
  }
  return isGuid(trimmed) || TENANT_NAME.test(trimmed)
    ? valid(trimmed)
    : invalid(`${quote(value)} is not a tenant. Expected its id (a GUID) or a domain, e.g. contoso.onmicrosoft.com.`);
}
