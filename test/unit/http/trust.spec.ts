// The CA bundle used when the agent brings its own certificate authority: nothing Node trusted by default is lost.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { trustedAuthorities } from '../../../tasks/DatabricksRepoSyncV1/src/http/trust';
import { makeTempFolder, removeTempFolder } from '../../support/tempFolders';

const AGENT_CA = '-----BEGIN CERTIFICATE-----\nAGENT\n-----END CERTIFICATE-----';

describe('http/trust', () => {
  it("keeps Node's roots and adds the agent's CA", () => {
    const bundle = trustedAuthorities(AGENT_CA, undefined);
    assert.ok(bundle.includes(tls.rootCertificates[0]));
    assert.ok(bundle.endsWith(AGENT_CA));
  });

  it('keeps the NODE_EXTRA_CA_CERTS file too, which a custom `ca` would otherwise drop', () => {
    const file = path.join(makeTempFolder('trust-'), 'extra.pem');
    fs.writeFileSync(file, '-----BEGIN CERTIFICATE-----\nEXTRA\n-----END CERTIFICATE-----');
    assert.ok(trustedAuthorities(AGENT_CA, file).includes('EXTRA'));
    assert.ok(!trustedAuthorities(AGENT_CA, path.join(path.dirname(file), 'missing.pem')).includes('EXTRA'));
    removeTempFolder(path.dirname(file));
  });
});
