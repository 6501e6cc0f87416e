// Client assertions at the token endpoint: a certificate assertion (JWT signed with a registered certificate's key)
// or a federated one (an ID token from the emulator's Azure DevOps OIDC endpoint matching a federated credential).

import { entraFailures, type EntraFailure } from './entraErrors';
import type { Application } from './entraDirectory';
import { audienceClaim, decodeJwt, hasValidSignature, nowSeconds, numberClaim, stringClaim, type DecodedJwt } from './jwt';
import type { EmulatorState } from './state';

export type AssertionCheck = { ok: true; method: 'certificate' | 'federated' } | { ok: false; failure: EntraFailure };

// Entra tolerates five minutes of clock skew on assertion times.
const CLOCK_SKEW_SECONDS = 300;

/**
 * Checks a client assertion for an application. `tokenEndpoints` are the audiences a certificate assertion may
 * carry (the token endpoint in each spelling of the tenant).
 */
export function checkClientAssertion(state: EmulatorState, application: Application, tokenEndpoints: string[], assertion: string): AssertionCheck {
  state.entra.receivedAssertions.add(assertion);
  const decoded = decodeJwt(assertion);
  if (decoded === undefined) {
    return { ok: false, failure: entraFailures.malformedAssertion('The client assertion is not a JWT.') };
  }
  const isCertificateAssertion = decoded.header.x5t !== undefined || decoded.header['x5t#S256'] !== undefined;
  return isCertificateAssertion
    ? checkCertificateAssertion(application, tokenEndpoints, decoded)
    : checkFederatedAssertion(state, application, assertion, decoded);
}

function checkCertificateAssertion(application: Application, tokenEndpoints: string[], jwt: DecodedJwt): AssertionCheck {
  const sha256 = jwt.header['x5t#S256'];
  const sha1 = jwt.header.x5t;
  const certificate = application.certificates.find(
    (candidate) => (sha256 !== undefined && candidate.thumbprintSha256 === sha256) || (sha1 !== undefined && candidate.thumbprintSha1 === sha1),
  );
  if (certificate === undefined) {
    return { ok: false, failure: entraFailures.certificateNotRegistered(sha256 ?? sha1 ?? '', application.clientId) };
  }
  if (!hasValidSignature(jwt, certificate.publicKey)) {
    return { ok: false, failure: entraFailures.signatureInvalid() };
  }
  if (stringClaim(jwt.claims, 'iss') !== application.clientId || stringClaim(jwt.claims, 'sub') !== application.clientId) {
    return { ok: false, failure: entraFailures.assertionClientMismatch() };
  }
  const wanted = new Set(tokenEndpoints.map(comparableUrl));
  const audiences = audienceClaim(jwt.claims);
  if (!audiences.some((audience) => wanted.has(comparableUrl(audience)))) {
    return { ok: false, failure: entraFailures.malformedAssertion(`The audience '${audiences.join(' ')}' is not this tenant's token endpoint.`) };
  }
  const now = nowSeconds();
  const expiry = numberClaim(jwt.claims, 'exp');
  const notBefore = numberClaim(jwt.claims, 'nbf');
  if (expiry === undefined || expiry + CLOCK_SKEW_SECONDS < now || (notBefore !== undefined && notBefore - CLOCK_SKEW_SECONDS > now)) {
    return { ok: false, failure: entraFailures.assertionExpired(now, notBefore, expiry) };
  }
  return { ok: true, method: 'certificate' };
}

function checkFederatedAssertion(state: EmulatorState, application: Application, assertion: string, jwt: DecodedJwt): AssertionCheck {
  const check = state.tokens.check(assertion);
  if (!check.valid && check.problem !== 'expired') {
    return { ok: false, failure: entraFailures.signatureInvalid() };
  }
  if (!check.valid) {
    const now = nowSeconds();
    return { ok: false, failure: entraFailures.assertionExpired(now, numberClaim(jwt.claims, 'nbf'), numberClaim(jwt.claims, 'exp')) };
  }
  const issuer = stringClaim(jwt.claims, 'iss') ?? '';
  const subject = stringClaim(jwt.claims, 'sub') ?? '';
  const audiences = audienceClaim(jwt.claims);
  if (check.issued.kind !== 'oidc') {
    return { ok: false, failure: entraFailures.noFederatedMatch(issuer, subject, audiences.join(' ')) };
  }
  const failure = federatedMismatch(application.federatedCredentials, issuer, subject, audiences);
  return failure === undefined ? { ok: true, method: 'federated' } : { ok: false, failure };
}

/**
 * Which part of the assertion no federated credential matches, as Entra reports it: the issuer (AADSTS700211), the
 * subject (AADSTS700213), the subject only in another case (AADSTS7002138: the comparison is case-sensitive), or the
 * audience (AADSTS70021). undefined when one credential matches all three.
 */
function federatedMismatch(credentials: Application['federatedCredentials'], issuer: string, subject: string, audiences: string[]): EntraFailure | undefined {
  const sameIssuer = credentials.filter((credential) => credential.issuer === issuer);
  if (sameIssuer.length === 0) return entraFailures.noFederatedIssuer(issuer);
  const sameSubject = sameIssuer.filter((credential) => credential.subject === subject);
  if (sameSubject.length === 0) {
    const otherCase = sameIssuer.some((credential) => credential.subject.toLowerCase() === subject.toLowerCase());
    return otherCase ? entraFailures.federatedSubjectCase(subject) : entraFailures.noFederatedSubject(subject);
  }
  const matched = sameSubject.some((credential) => credential.audiences.some((audience) => audiences.includes(audience)));
  return matched ? undefined : entraFailures.noFederatedMatch(issuer, subject, audiences.join(' '));
}

function comparableUrl(url: string): string {
  return url.toLowerCase().replace(/\/+$/, '');
}
