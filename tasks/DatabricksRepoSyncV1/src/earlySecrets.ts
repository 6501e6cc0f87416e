// Runs before azure-pipelines-task-lib is loaded: task-lib writes `Agent.ProxyUrl=<url>` into a debug line while it
// loads (internal.ts _exposeProxySettings), so credentials in the agent's proxy URL are registered before that.

import { rememberSecret } from './secrets';
import { urlSecrets } from './urlCredentials';

/** task-lib's escaping of a logging command's message (taskcommand.ts escapedata). */
function escapeData(value: string): string {
  return value.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

for (const secret of urlSecrets(process.env['AGENT_PROXYURL'])) {
  rememberSecret(secret);
  process.stdout.write(`##vso[task.setsecret]${escapeData(secret)}\n`);
}
