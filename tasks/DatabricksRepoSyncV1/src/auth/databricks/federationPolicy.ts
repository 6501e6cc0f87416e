// What a Databricks service principal federation policy must say for an ID token to be exchanged: read from the
// token's own claims, so that a refused exchange tells the user the exact policy to create in one go.

/** The claims of an ID token that a federation policy matches; empty strings when the token cannot be read. */
export interface PolicyClaims {
  issuer: string;
  subject: string;
  audience: string;
}

/** The issuer, subject and (first) audience of a JWT, read without verifying it: only to explain a refusal. */
export function policyClaims(idToken: string): PolicyClaims {
  try {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const audience = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
    return { issuer: text(payload.iss), subject: text(payload.sub), audience: text(audience) };
  } catch {
    return { issuer: '', subject: '', audience: '' };
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The fix of a refused exchange: the policy with the token's claims, where to create it, and the CLI command
 * (databricks account service-principal-federation-policy create, databricks/cli cmd/account).
 */
export function neededPolicy(read: PolicyClaims): string {
  // A token whose claims cannot be read still gets the policy in the form Azure DevOps' tokens have.
  const claims = {
    issuer: read.issuer || 'https://vstoken.dev.azure.com/<organisation id>',
    subject: read.subject || 'sc://<organisation>/<project>/<connection name>',
    audience: read.audience || 'api://AzureADTokenExchange',
  };
  const { issuer, subject, audience } = claims;
  const policy = JSON.stringify({ oidc_policy: { issuer, audiences: [audience], subject } });
  // The client id is not named: the agent masks every authorization parameter of the connection, the client id too.
  return (
    "The connection's service principal needs a federation policy that matches the pipeline's ID token exactly: " +
    `issuer ${issuer}, audience ${audience}, subject ${subject} (the subject names the organisation, the project and ` +
    'this service connection; renaming the connection changes it). Create it in the Databricks account console ' +
    '(User management > Service principals > the service principal > Credentials & secrets > Federation policies) or ' +
    `with: databricks account service-principal-federation-policy create <service principal id> --json '${policy}'`
  );
}
