// Turns what MSAL throws (Entra ID's answer wrapped in MSAL's error types) into an AuthError that says the fix.

import { networkFix } from '../../databricks/failureMessage';
import { NetworkError } from '../../http/types';
import { neutralise, serverLine } from '../../log';
import { TRANSPORT_FAILURE } from './msalNetwork';
import { AuthError } from '../types';

const DESCRIPTION_LIMIT = 400;
/** MSAL's stand-in when the server gave no description */
const NOT_AVAILABLE = 'Not Available';

const NO_MATCHING_FEDERATED_CREDENTIAL =
  "No federated identity credential of the application matches the ID token's issuer and subject. Add a federated " +
  "credential to the application (or managed identity) with the issuer and subject shown on the service " +
  "connection's page.";

/** The fix for each Entra error a pipeline user can act on, keyed by the AADSTS number. */
const FIXES: Record<string, string> = {
  '7000215':
    'Entra ID rejected the client secret. Check that the service connection (or the clientSecret input) holds the ' +
    "secret's value, not its secret ID, and that it belongs to this application.",
  '7000222':
    "The application's client secret has expired. Create a new client secret for the application in Entra ID and " +
    'update the service connection (or the clientSecret input) with it.',
  '700016':
    'Entra ID does not know this application in the tenant. Check the client (application) id and the tenant id: ' +
    'the application must be registered in, or consented to, that tenant.',
  '700024':
    "The client assertion (the pipeline's ID token) is not within its valid time range: it expired before Entra ID " +
    'checked it. Rerun the job; the task requests a fresh ID token for every token request.',
  '70021': NO_MATCHING_FEDERATED_CREDENTIAL,
  '700211':
    "No federated identity credential of the application has the ID token's issuer. Add one with the issuer shown on " +
    "the service connection's page (https://vstoken.dev.azure.com/<organisation id>, or the Entra issuer of newer " +
    'connections), exactly as shown.',
  '700213': NO_MATCHING_FEDERATED_CREDENTIAL,
  '7002138':
    "A federated identity credential matches the ID token's subject only when compared without case: Entra ID compares " +
    'issuer and subject case-sensitively. Copy the subject from the service connection\'s page exactly (organisation, ' +
    'project and connection names in their own case).',
};

/** What MSAL's AuthError and ServerError carry; read by shape so a second copy of MSAL cannot break `instanceof`. */
interface MsalErrorShape {
  errorCode: string;
  errorMessage: string;
  errorNo?: string;
  cause?: unknown;
}

/** Maps any failure of a token request to an AuthError. `activity` says what failed, e.g. "Signing in to Entra ID". */
export function toAuthError(error: unknown, activity: string): AuthError {
  if (!isMsalError(error)) {
    return fromUnknown(error, activity);
  }
  if (error.errorCode === TRANSPORT_FAILURE && error.cause !== undefined) {
    return fromUnknown(error.cause, activity);
  }
  const description = entraDescription(error.errorMessage);
  const code = aadstsNumber(error);
  if (code === undefined) {
    const parts = [neutralise(error.errorCode), description].filter((part) => part !== '');
    return new AuthError(`${activity} failed: ${parts.join(': ') || 'no details from the server'}`);
  }
  const fix = FIXES[code];
  if (fix === undefined) {
    const lookup = `look the code up at https://login.microsoftonline.com/error?code=${code}`;
    const said = description || 'no description';
    return new AuthError(`${activity} failed with AADSTS${code}: ${said} (${lookup}).`, `AADSTS${code}`);
  }
  const said = description ? ` Entra ID said: ${description}` : '';
  return new AuthError(`${activity} failed with AADSTS${code}. ${fix}${said}`, `AADSTS${code}`);
}

function fromUnknown(error: unknown, activity: string): AuthError {
  if (error instanceof AuthError) {
    return error;
  }
  if (error instanceof NetworkError) {
    const what = `no answer from the server (${error.code}): ${neutralise(error.message)}`;
    return new AuthError(`${activity} failed: ${what}. Fix: ${networkFix(error)}.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AuthError(`${activity} failed: ${serverLine(message, DESCRIPTION_LIMIT)}`);
}

function isMsalError(error: unknown): error is MsalErrorShape {
  return (
    error instanceof Error &&
    typeof (error as Partial<MsalErrorShape>).errorCode === 'string' &&
    typeof (error as Partial<MsalErrorShape>).errorMessage === 'string'
  );
}

/** The first of Entra's `error_codes` (MSAL's `errorNo`), else the AADSTS number in the text. */
function aadstsNumber(error: MsalErrorShape): string | undefined {
  if (error.errorNo !== undefined && /^\d+$/.test(String(error.errorNo))) {
    return String(error.errorNo);
  }
  return /AADSTS(\d+)/.exec(error.errorMessage)?.[1];
}

/**
 * MSAL formats a server error as "Error(s): … - Description: <error_description> - Correlation ID: …", and Entra's
 * description carries trace and correlation ids on further lines; keep only the first line of the description.
 */
function entraDescription(errorMessage: string): string {
  const described = /Description: ([\s\S]*?) - Correlation ID:/.exec(errorMessage)?.[1] ?? errorMessage;
  const firstLine = described.split(/\r?\n/)[0].replace(/^AADSTS\d+:\s*/, '');
  return firstLine === NOT_AVAILABLE ? '' : serverLine(firstLine, DESCRIPTION_LIMIT);
}
