// Specs of the checked-value helpers: valid/invalid and how values are quoted inside problem messages.

import * as assert from 'node:assert/strict';
import { invalid, quote, valid } from '../../../tasks/DatabricksRepoSyncV1/src/validation/checked';

describe('validation/checked', () => {
  it('wraps a value and a list of problems', () => {
    assert.deepEqual(valid(3), { ok: true, value: 3 });
    assert.deepEqual(invalid('a', 'b'), { ok: false, problems: ['a', 'b'] });
  });

  it('quotes a value on one line', () => {
    assert.equal(quote('main'), "'main'");
    assert.equal(quote('a\nb\r\nc'), "'a b c'");
  });

  it('neutralises logging commands in quoted values', () => {
    const shown = quote('##vso[task.setvariable variable=x]1');
    assert.ok(!shown.includes('##vso['), shown);
  });

  it('shortens long values', () => {
    const shown = quote('x'.repeat(500));
    assert.ok(shown.length < 210, `${shown.length}`);
    assert.ok(shown.endsWith("…'"));
  });
});
