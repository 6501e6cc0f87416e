// Specs of boolean inputs: true/false in any case, nothing else.

import * as assert from 'node:assert/strict';
import { checkBoolean } from '../../../tasks/DatabricksRepoSyncV1/src/validation/booleans';

describe('validation/booleans', () => {
  for (const [text, value] of [['true', true], ['TRUE', true], [' False ', false], ['false', false]] as const) {
    it(`reads '${text}' as ${value}`, () => {
      assert.deepEqual(checkBoolean(text), { ok: true, value });
    });
  }

  for (const text of ['yes', '1', 'ture', 'on', '']) {
    it(`rejects '${text}'`, () => {
      const checked = checkBoolean(text);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problems[0], /Expected true or false/);
    });
  }
});
