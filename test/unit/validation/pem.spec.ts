// Specs of PEM checks: certificate and unencrypted private key both present, content never quoted.

import * as assert from 'node:assert/strict';
import { checkCertificatePem } from '../../../tasks/DatabricksRepoSyncV1/src/validation/pem';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBcertificatebody\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEsecretkeybody\n-----END PRIVATE KEY-----\n';
const RSA_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretkeybody\n-----END RSA PRIVATE KEY-----\n';

describe('validation/pem', () => {
  it('accepts a certificate with its key, in either order and key format', () => {
    assert.deepEqual(checkCertificatePem(CERTIFICATE + KEY, 'the file'), { ok: true, value: CERTIFICATE + KEY });
    assert.equal(checkCertificatePem(RSA_KEY + CERTIFICATE, 'the file').ok, true);
  });

  it('says which block is missing, naming the source', () => {
    assert.deepEqual(checkCertificatePem(KEY, "the file '/a.pem'"), {
      ok: false,
      problems: ["the file '/a.pem' holds no PEM certificate (-----BEGIN CERTIFICATE-----)."],
    });
    const noKey = checkCertificatePem(CERTIFICATE, 'the file');
    assert.equal(noKey.ok, false);
    if (!noKey.ok) assert.match(noKey.problems[0], /no PEM private key/);
  });

  it('rejects an encrypted key', () => {
    const encrypted = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n';
    const checked = checkCertificatePem(CERTIFICATE + encrypted, 'the file');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.problems.join(' '), /encrypted private key/);
  });

  it('never quotes the content', () => {
    const checked = checkCertificatePem('MIIEsecretkeybody', 'the file');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.ok(!checked.problems.join(' ').includes('secretkeybody'));
  });
});
