// Specs of Entra identifiers: GUID client ids, GUID or domain tenants.

import * as assert from 'node:assert/strict';
import { checkClientId, checkTenantId, isGuid } from '../../../tasks/DatabricksRepoSyncV1/src/validation/entraIds';

const GUID = '11111111-2222-3333-4444-555555555555';

describe('validation/entraIds', () => {
  it('recognises GUIDs in any case', () => {
    assert.equal(isGuid(GUID), true);
    assert.equal(isGuid(GUID.toUpperCase().replace(/1/g, 'A')), true);
    assert.equal(isGuid('1111-2222'), false);
    assert.equal(isGuid(`{${GUID}}`), false);
  });

  it('accepts a GUID client id, trimmed', () => {
    assert.deepEqual(checkClientId(` ${GUID} `), { ok: true, value: GUID });
  });

  it('rejects a client id that is not a GUID', () => {
    const checked = checkClientId('my-app');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.problems[0], /'my-app' is not an application \(client\) id\. Expected a GUID/);
  });

  it('accepts a tenant GUID or domain', () => {
    assert.deepEqual(checkTenantId(GUID), { ok: true, value: GUID });
    assert.deepEqual(checkTenantId('contoso.onmicrosoft.com'), { ok: true, value: 'contoso.onmicrosoft.com' });
    assert.deepEqual(checkTenantId('contoso-tenant'), { ok: true, value: 'contoso-tenant' });
  });

  for (const text of ['common', 'Organizations', ' consumers ']) {
    it(`refuses the multi-tenant alias '${text}': a service principal signs in to its own tenant`, () => {
      const checked = checkTenantId(text);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], /not a tenant a service principal can sign in to/);
    });
  }

  for (const text of ['https://login.microsoftonline.com/x', 'a b.com', 'contoso.com/', '-x']) {
    it(`rejects the tenant '${text}'`, () => {
      const checked = checkTenantId(text);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], /is not a tenant/);
    });
  }
});
