// Databricks' Private Link check: a workspace reachable only through Azure Private Link, AWS PrivateLink or GCP
// Private Service Connect redirects a request from any other network to its login page. Detected as the official
// SDKs do (databricks-sdk-go apierr/private_link.go: path /login.html, query error=private-link-validation-error).

const VALIDATION_ERROR = 'error=private-link-validation-error';

/** Whether a redirect's Location is Databricks' Private Link refusal. */
export function isPrivateLinkRedirect(status: number, location: string | undefined): boolean {
  if (status < 300 || status > 399 || !location) return false;
  try {
    const url = new URL(location, 'https://workspace.invalid');
    return url.pathname === '/login.html' && url.search.includes(VALIDATION_ERROR);
  } catch {
    return false;
  }
}

interface NetworkProduct {
  name: string;
  endpoint: string;
  reference: string;
}

/** The product by the workspace's cloud, told by its host name as databricks-sdk-go's environments.go tells it. */
function productOf(host: string): NetworkProduct | undefined {
  const name = host.toLowerCase();
  if (/\.(azuredatabricks\.net|databricks\.azure\.us|databricks\.azure\.cn)$/.test(name)) {
    return {
      name: 'Azure Private Link',
      endpoint: 'the Azure Private Link endpoint of the workspace',
      reference: 'https://learn.microsoft.com/azure/databricks/security/network/classic/private-link-standard#authentication-troubleshooting',
    };
  }
  if (name.endsWith('.gcp.databricks.com')) {
    return {
      name: 'GCP Private Service Connect',
      endpoint: "the workspace's Private Service Connect endpoint",
      reference: 'https://docs.gcp.databricks.com/en/security/network/classic/private-service-connect.html',
    };
  }
  if (/\.cloud\.databricks\.(com|us)$/.test(name)) {
    return {
      name: 'AWS PrivateLink',
      endpoint: "the workspace's AWS VPC endpoint",
      reference: 'https://docs.databricks.com/en/security/network/classic/privatelink.html',
    };
  }
  return undefined;
}

/** What failed and the fix, for a workspace at `host` that refused the agent's network. */
export function privateLinkFailure(host: string): { what: string; fix: string } {
  const product = productOf(host);
  const name = product?.name ?? 'Private Link (Azure Private Link, AWS PrivateLink or GCP Private Service Connect)';
  const endpoint = product?.endpoint ?? "the workspace's private endpoint";
  const see = product ? `; see ${product.reference}` : '';
  return {
    what:
      `the workspace is behind ${name} and this agent's network cannot reach it (Databricks redirected the request ` +
      'to /login.html?error=private-link-validation-error; redirects are not followed)',
    fix:
      `run the job on a self-hosted agent inside a network that reaches ${endpoint} (Microsoft-hosted agents cannot), ` +
      `or ask the workspace admins to allow the agent's network${see}`,
  };
}
