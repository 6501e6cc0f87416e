// Specs of pick-list inputs: case forgiven, canonical spelling returned, options listed on error.

import * as assert from 'node:assert/strict';
import { checkChoice } from '../../../tasks/DatabricksRepoSyncV1/src/validation/choices';

describe('validation/choices', () => {
  const options = ['fail', 'recreate'] as const;

  it('returns the canonical spelling whatever the case', () => {
    assert.deepEqual(checkChoice(' ReCreate ', options), { ok: true, value: 'recreate' });
    assert.deepEqual(checkChoice('gitlab', ['gitHub', 'gitLab']), { ok: true, value: 'gitLab' });
  });

  it('lists the options when the value is not one of them', () => {
    assert.deepEqual(checkChoice('delete', options), {
      ok: false,
      problems: ["'delete' is not one of fail, recreate."],
    });
  });
});
