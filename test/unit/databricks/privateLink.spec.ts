// Specs of the Private Link redirect: detected as the SDKs detect it, and the network product named by the cloud.

import * as assert from 'node:assert/strict';
import { isPrivateLinkRedirect, privateLinkFailure } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/privateLink';

describe('databricks/privateLink', () => {
  it('detects a redirect to /login.html?error=private-link-validation-error, absolute or relative', () => {
    assert.equal(isPrivateLinkRedirect(302, 'https://adb-1.2.azuredatabricks.net/login.html?error=private-link-validation-error'), true);
    assert.equal(isPrivateLinkRedirect(303, '/login.html?error=private-link-validation-error&o=1'), true);
    assert.equal(isPrivateLinkRedirect(302, '/login.html'), false);
    assert.equal(isPrivateLinkRedirect(302, '/aad/auth?error=private-link-validation-error'), false);
    assert.equal(isPrivateLinkRedirect(200, '/login.html?error=private-link-validation-error'), false);
    assert.equal(isPrivateLinkRedirect(302, undefined), false);
  });

  it('names the product of the workspace cloud, and all three for an unknown host', () => {
    assert.match(privateLinkFailure('adb-123.4.azuredatabricks.net').what, /behind Azure Private Link/);
    assert.match(privateLinkFailure('dbc-1a2b.cloud.databricks.com').what, /behind AWS PrivateLink/);
    assert.match(privateLinkFailure('123.4.gcp.databricks.com').what, /behind GCP Private Service Connect/);
    assert.match(privateLinkFailure('127.0.0.1:8443').what, /Azure Private Link, AWS PrivateLink or GCP Private Service Connect/);
    assert.match(privateLinkFailure('adb-123.4.azuredatabricks.net').fix, /self-hosted agent inside a network/);
  });
});
