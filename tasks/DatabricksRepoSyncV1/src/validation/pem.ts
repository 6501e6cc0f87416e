// PEM certificates for Entra sign-in: one file (or connection parameter) holding the certificate and its private key.

import { type Checked, invalid, valid } from './checked';

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/;

/**
 * Checks the blocks are there; the content itself is never quoted, as it holds a private key. `source` names where
 * the PEM came from, e.g. "the file '/a/b.pem'".
 */
export function checkCertificatePem(pem: string, source: string): Checked<string> {
  const problems: string[] = [];
  if (!CERTIFICATE.test(pem)) problems.push(`${source} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  if (!PRIVATE_KEY.test(pem)) problems.push(`${source} holds no PEM private key (-----BEGIN PRIVATE KEY-----).`);
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) {
    problems.push(`${source} holds an encrypted private key. Export the key without a passphrase.`);
  }
  return problems.length > 0 ? invalid(...problems) : valid(pem);
}
