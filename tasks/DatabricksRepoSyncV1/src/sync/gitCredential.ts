// The identity's Databricks Git credential (SPEC §4.2): what to store for each gitCredential mode, and a race-safe upsert.

import { DatabricksError } from '../databricks/errors';
import type { DatabricksApi, GitCredentialInfo, GitCredentialRequest } from '../databricks/types';
import { neutralise, type Logger } from '../log';
import type { CredentialAction, SyncRequest } from '../syncTypes';
import { credentialTokenMissing } from './syncError';
import { RESEND_AT_ONCE, failureReason, isUncertainFailure, mayResend, type ResendPause } from './uncertainCreate';

/** The credential to store: its provider, why it is written (plan and log), and its body. */
export interface GitCredential {
  /** git_provider, as sent */
  provider: string;
  /** e.g. "refresh the Azure DevOps token" */
  purpose: string;
  /** the full body, built when it is sent: the Azure DevOps token in it must be one with time left (freshToken.ts) */
  body(): Promise<GitCredentialRequest>;
}

export interface CredentialOutcome {
  action: CredentialAction;
  /** '' with gitCredential none, or in a dry run when it would be created */
  credentialId: string;
}

export const NO_CREDENTIAL: CredentialOutcome = { action: 'skipped', credentialId: '' };

const CREDENTIALS_PATH = '/api/2.0/git-credentials';

/** The credential the request asks for; undefined with gitCredential none (nothing is read or written then). */
export function wantedCredential(request: SyncRequest): GitCredential | undefined {
  const options = request.gitCredential;
  // The committer identity is optional; empty inputs are left out rather than sent as "".
  const identity: Pick<GitCredentialRequest, 'git_username' | 'git_email'> = {};
  if (options.username) identity.git_username = options.username;
  if (options.email) identity.git_email = options.email;
  switch (options.mode) {
    case 'none':
      return undefined;
    case 'entraToken': {
      const token = request.azureDevOpsToken;
      if (!token) throw credentialTokenMissing('entraToken');
      return {
        provider: 'azureDevOpsServices',
        purpose: 'refresh the Azure DevOps token',
        body: async () => ({ git_provider: 'azureDevOpsServices', ...identity, personal_access_token: await token() }),
      };
    }
    case 'federated':
      // The server rejects a token or a username with azureDevOpsServicesAad; it federates to Azure DevOps itself.
      return {
        provider: 'azureDevOpsServicesAad',
        purpose: 'use Databricks federation to Azure DevOps',
        body: () => Promise.resolve({ git_provider: 'azureDevOpsServicesAad' }),
      };
    case 'personalAccessToken': {
      const token = options.token;
      if (!token) throw credentialTokenMissing('personalAccessToken');
      return {
        provider: request.gitProvider,
        purpose: `store the gitToken for ${request.gitProvider}`,
        body: () => Promise.resolve({ git_provider: request.gitProvider, ...identity, personal_access_token: token }),
      };
    }
  }
}

/** The one-time notes of §4.2: how long an entraToken credential lives, what federation needs on the Entra side. */
export function logCredentialNotes(request: SyncRequest, log: Logger): void {
  if (request.gitCredential.mode === 'entraToken') {
    log.info(
      'Git credential: the Azure DevOps Entra token is valid about one hour, so the stored credential expires about ' +
        'an hour after this run (gitCredential: federated does not expire).',
    );
  } else if (request.gitCredential.mode === 'federated') {
    const subject = request.clientId ? neutralise(request.clientId) : 'the application (client) id';
    log.info(
      'Git credential azureDevOpsServicesAad: Databricks signs in to Azure DevOps itself. The Entra app needs a ' +
        `federated credential with issuer ${neutralise(request.databricksHost)}/oidc, subject ${subject}, ` +
        'audience api://AzureADTokenExchange.',
    );
  } else if (request.gitCredential.mode === 'none') {
    log.info('Git credential: none (not read or written).');
  }
}

/** The entry to update: same provider case-insensitively, the provider's default first (users may hold several). */
export function pickCredential(credentials: GitCredentialInfo[], provider: string): GitCredentialInfo | undefined {
  const wanted = provider.toLowerCase();
  const same = credentials.filter((c) => c.git_provider.toLowerCase() === wanted);
  return same.find((c) => c.is_default_for_provider) ?? same[0];
}

/** The write the upsert makes, as a plan line: `PATCH /api/2.0/git-credentials/123 (refresh the Azure DevOps token)`. */
export function describeCredentialWrite(wanted: GitCredential, existing: GitCredentialInfo | undefined): string {
  return existing
    ? `PATCH ${CREDENTIALS_PATH}/${existing.credential_id} (${wanted.purpose})`
    : `POST ${CREDENTIALS_PATH} (create the ${wanted.provider} credential)`;
}

/**
 * Another run created the provider's credential between our list and our POST: 409 today, a 400 with one of these
 * messages on older servers.
 */
export function isCredentialConflict(error: unknown): boolean {
  if (!(error instanceof DatabricksError)) return false;
  if (error.status === 409) return true;
  const text = `${error.serverMessage ?? ''} ${error.message}`;
  return /Only one Git credential|Only one credential per provider/i.test(text);
}

/**
 * Updates the provider's credential or creates it. `listed` is a list request already in flight (started beside
 * get-status); without it the credentials are listed here. A create that loses a race is turned into an update; one
 * that fails without a clear answer is checked by listing again, then sent again after `pause` if nothing was made.
 */
export async function upsertCredential(
  api: DatabricksApi,
  wanted: GitCredential,
  log: Logger,
  listed?: Promise<GitCredentialInfo[]>,
  pause: ResendPause = RESEND_AT_ONCE,
): Promise<CredentialOutcome> {
  const provider = wanted.provider;
  const existing = pickCredential(await (listed ?? api.gitCredentials.list()), provider);
  if (existing) return updateCredential(api, existing, wanted, log);
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await api.gitCredentials.create(await wanted.body(), attempt > 1);
      log.info(`Git credential ${neutralise(created.credential_id)} (${provider}): created.`);
      return { action: 'created', credentialId: created.credential_id };
    } catch (error) {
      const uncertain = isUncertainFailure(error);
      if (!isCredentialConflict(error) && !uncertain) throw error;
      const raced = pickCredential(await api.gitCredentials.list(), provider);
      if (raced) {
        const how = uncertain ? `our create answered ${failureReason(error)} but took effect` : 'created at the same time by another run';
        log.info(`Git credential for ${provider} was ${how}; updating it.`);
        return updateCredential(api, raced, wanted, log);
      }
      if (!(await mayResend(error, attempt, pause))) throw error;
      log.info(`Creating the Git credential failed (${failureReason(error)}) and created nothing: trying again (attempt ${attempt + 1}).`);
    }
  }
}

async function updateCredential(
  api: DatabricksApi,
  existing: GitCredentialInfo,
  wanted: GitCredential,
  log: Logger,
): Promise<CredentialOutcome> {
  await api.gitCredentials.update(existing.credential_id, await wanted.body());
  log.info(`Git credential ${neutralise(existing.credential_id)} (${wanted.provider}): updated.`);
  return { action: 'updated', credentialId: existing.credential_id };
}
