// Which certificate authorities the HTTP layer trusts when the agent brings its own (Agent.CAInfo).

import * as fs from 'node:fs';
import * as tls from 'node:tls';

/**
 * Node's built-in roots, the NODE_EXTRA_CA_CERTS file and the agent's CA, as one PEM bundle: an https.Agent's `ca`
 * replaces the default store rather than adding to it, so the defaults are listed again.
 */
export function trustedAuthorities(agentAuthority: string, extraCertsFile = process.env.NODE_EXTRA_CA_CERTS): string {
  const extra = extraCertsFile && fs.existsSync(extraCertsFile) ? [fs.readFileSync(extraCertsFile, 'utf8')] : [];
  return [...tls.rootCertificates, ...extra, agentAuthority].join('\n');
}
