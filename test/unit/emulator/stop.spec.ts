// emulator.stop() removes the files the emulator made (its CA file, the seed's PEM with the private key), and leaves
// a certificate it was given to its owner.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '../../emulator/index';
import { createServerCertificate, removeCertificateFiles } from '../../support/tls';

describe('emulator: stop', function () {
  this.timeout(30_000);

  it("removes its CA file and the seed's certificate PEM, with their folders", async () => {
    const emulator = await startEmulator();
    const seed = await emulator.seedDemo();
    const files = [emulator.caFile, seed.application.certificatePemFile];
    for (const file of files) assert.ok(fs.existsSync(file), file);
    await emulator.stop();
    for (const file of files) assert.ok(!fs.existsSync(path.dirname(file)), file);
  });

  it('leaves the CA file of a certificate it was given', async () => {
    const certificate = await createServerCertificate();
    const emulator = await startEmulator({ certificate });
    await emulator.stop();
    assert.ok(fs.existsSync(certificate.caFile));
    removeCertificateFiles(certificate);
    assert.ok(!fs.existsSync(certificate.caFile));
  });
});
