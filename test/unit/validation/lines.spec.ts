// Specs of multi-line inputs: trimmed lines, blanks dropped.

import * as assert from 'node:assert/strict';
import { nonBlankLines } from '../../../tasks/DatabricksRepoSyncV1/src/validation/lines';

describe('validation/lines', () => {
  it('splits, trims and drops blank lines (LF and CRLF)', () => {
    assert.deepEqual(nonBlankLines('  src/ \r\n\n   \nnotebooks\n'), ['src/', 'notebooks']);
  });

  it('gives nothing for an empty or missing input', () => {
    assert.deepEqual(nonBlankLines(undefined), []);
    assert.deepEqual(nonBlankLines(''), []);
    assert.deepEqual(nonBlankLines(' \n \n'), []);
  });
});
