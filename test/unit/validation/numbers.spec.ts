// Specs of second-count inputs: positive integers up to one day.

import * as assert from 'node:assert/strict';
import { checkPositiveSeconds, MAX_SECONDS } from '../../../tasks/DatabricksRepoSyncV1/src/validation/numbers';

describe('validation/numbers', () => {
  it('reads positive integers', () => {
    assert.deepEqual(checkPositiveSeconds('300'), { ok: true, value: 300 });
    assert.deepEqual(checkPositiveSeconds(' 1 '), { ok: true, value: 1 });
    assert.deepEqual(checkPositiveSeconds(String(MAX_SECONDS)), { ok: true, value: MAX_SECONDS });
  });

  for (const [text, pattern] of [
    ['0', /not positive/],
    ['-5', /not a positive integer/],
    ['1.5', /not a positive integer/],
    ['1e3', /not a positive integer/],
    ['abc', /not a positive integer/],
    ['', /not a positive integer/],
    ['86401', /more than 86400/],
  ] as const) {
    it(`rejects '${text}'`, () => {
      const checked = checkPositiveSeconds(text);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], pattern);
    });
  }
});
