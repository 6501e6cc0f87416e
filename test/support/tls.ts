// Certificates made at test time: a self-signed server certificate for 127.0.0.1 (its own trust anchor, handed to
// children through NODE_EXTRA_CA_CERTS) and client certificates for Entra certificate credentials.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as selfsigned from 'selfsigned';
import { makeTempFolder, removeTempFolder } from './tempFolders';

export interface ServerCertificate {
  /** PEM private key */
  key: string;
  /** PEM certificate; also the CA to trust */
  cert: string;
  /** a file holding `cert`, for NODE_EXTRA_CA_CERTS */
  caFile: string;
}

export interface ClientCertificate {
  key: string;
  cert: string;
  /** certificate and private key in one PEM, as a service connection or certificatePath holds them */
  pem: string;
}

/** A certificate for https://127.0.0.1 and https://localhost, valid for one day. */
export async function createServerCertificate(): Promise<ServerCertificate> {
  const generated = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const dir = makeTempFolder('repo-sync-tls-');
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, generated.cert);
  return { key: generated.private, cert: generated.cert, caFile };
}

/** Removes the CA file's folder; for whoever made the certificate, once nothing needs the file any more. */
export function removeCertificateFiles(certificate: ServerCertificate): void {
  removeTempFolder(path.dirname(certificate.caFile));
}

/** A key pair and self-signed certificate an Entra application could have registered. */
export async function createClientCertificate(commonName = 'repo-sync-test'): Promise<ClientCertificate> {
  const generated = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
  });
  return { key: generated.private, cert: generated.cert, pem: `${generated.cert}\n${generated.private}` };
}
