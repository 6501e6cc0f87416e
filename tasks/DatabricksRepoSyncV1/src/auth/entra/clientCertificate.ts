// Token handler for an application that signs in with a certificate: a PEM holding the certificate and its private key.

import { secretLines } from '../../secretLines';
import * as crypto from 'node:crypto';
import type { CredentialSource } from '../../options';
import { acquireConfidentialTokens } from './confidentialClient';
import { AuthError, type TokenHandler } from '../types';

export type ClientCertificateSource = Extract<CredentialSource, { kind: 'certificate' }>;

/** What MSAL needs to sign its client assertion. */
export interface CertificateCredential {
  /** hex SHA-256 thumbprint of the certificate (DER), sent as the assertion's `x5t#S256` header */
  thumbprintSha256: string;
  /** the private key as PKCS#8 PEM */
  privateKey: string;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

export const acquireWithClientCertificate: TokenHandler<ClientCertificateSource> = async (source, request, deps) => {
  const keyBlock = PRIVATE_KEY_BLOCK.exec(source.certificatePem)?.[0];
  if (keyBlock !== undefined) {
    registerKey(keyBlock, deps.setSecret);
  }
  const certificate = readCertificatePem(source.certificatePem);
  registerKey(certificate.privateKey, deps.setSecret);
  return acquireConfidentialTokens(source, { clientCertificate: certificate }, request, deps);
};

/** Extracts the private key and the certificate that belongs to it (a PEM may also hold its chain). */
export function readCertificatePem(pem: string): CertificateCredential {
  const certificateBlocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  const keyMatch = PRIVATE_KEY_BLOCK.exec(pem);
  if (keyMatch === null || certificateBlocks.length === 0) {
    const missing = [keyMatch === null ? 'private key' : '', certificateBlocks.length === 0 ? 'certificate' : ''];
    throw new AuthError(
      `The certificate PEM has no ${missing.filter(Boolean).join(' and no ')}: it must hold both the certificate ` +
        '(-----BEGIN CERTIFICATE-----) and its unencrypted private key (-----BEGIN PRIVATE KEY-----).',
    );
  }
  const privateKey = readPrivateKey(keyMatch[1], keyMatch[0]);
  const leaf = certificateBlocks.map(readCertificate).find((certificate) => certificate.checkPrivateKey(privateKey));
  if (leaf === undefined) {
    throw new AuthError('No certificate in the PEM belongs to its private key: the PEM must hold the matching pair.');
  }
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function readPrivateKey(label: string, block: string): crypto.KeyObject {
  if (label === 'ENCRYPTED PRIVATE KEY') {
    throw new AuthError('The private key in the certificate PEM is encrypted: export it without a password.');
  }
  try {
    return crypto.createPrivateKey(block);
  } catch {
    throw new AuthError('The private key in the certificate PEM cannot be read: it must be an unencrypted PEM key.');
  }
}

function readCertificate(block: string): crypto.X509Certificate {
  try {
    return new crypto.X509Certificate(block);
  } catch {
    throw new AuthError('A certificate in the certificate PEM cannot be read: it must be an X.509 PEM certificate.');
  }
}

/** The agent masks each log line on its own, so a multi-line key is registered whole and line by line. */
function registerKey(keyPem: string, setSecret: (value: string) => void): void {
  setSecret(keyPem);
  for (const line of secretLines(keyPem)) setSecret(line);
}
