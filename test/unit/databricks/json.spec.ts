// Specs of int64-safe JSON parsing: big integers keep every digit, id fields are strings, strings are untouched.

import * as assert from 'node:assert/strict';
import { parseDatabricksJson, quoteUnsafeIntegers, stringifyDatabricksJson } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/json';

describe('databricks/json', () => {
  it('keeps 1234567890123456789 exact', () => {
    assert.deepEqual(parseDatabricksJson('{"id": 1234567890123456789}'), { id: '1234567890123456789' });
    assert.deepEqual(parseDatabricksJson('{"size": 1234567890123456789}'), { size: '1234567890123456789' });
  });

  it('keeps the int64 extremes and the first unsafe integers exact', () => {
    const parsed = parseDatabricksJson('[9223372036854775807, -9223372036854775808, 9007199254740993, 9007199254740992]');
    assert.deepEqual(parsed, ['9223372036854775807', '-9223372036854775808', '9007199254740993', '9007199254740992']);
  });

  it('leaves safe integers, fractions and exponents as numbers', () => {
    assert.deepEqual(parseDatabricksJson('{"a": 9007199254740991, "b": -1.5, "c": 1e3, "d": 0, "e": 12345678901234567890.5}'), {
      a: 9007199254740991,
      b: -1.5,
      c: 1000,
      d: 0,
      e: 12345678901234567890.5,
    });
  });

  it('turns the id fields into strings whatever their size', () => {
    const parsed = parseDatabricksJson(
      '{"credentials": [{"credential_id": 42, "git_provider": "gitHub"}], "object_id": 7, "repo": {"id": 1}, "other": 5}',
    );
    assert.deepEqual(parsed, {
      credentials: [{ credential_id: '42', git_provider: 'gitHub' }],
      object_id: '7',
      repo: { id: '1' },
      other: 5,
    });
  });

  it('does not touch digits inside strings, escaped quotes included', () => {
    const text = '{"path": "/Repos/12345678901234567890", "m": "say \\"99999999999999999999\\" 1", "object_id": "/repos/121232342"}';
    assert.equal(quoteUnsafeIntegers(text), text);
    assert.deepEqual(parseDatabricksJson(text), {
      path: '/Repos/12345678901234567890',
      m: 'say "99999999999999999999" 1',
      object_id: '/repos/121232342',
    });
  });

  it('quotes integers in every position: after colons, in arrays, next to whitespace', () => {
    assert.equal(quoteUnsafeIntegers('[12345678901234567890,\n\t98765432109876543210]'), '["12345678901234567890",\n\t"98765432109876543210"]');
  });

  it('throws SyntaxError on text that is not JSON', () => {
    assert.throws(() => parseDatabricksJson('<html>sign in</html>'), SyntaxError);
  });
});

describe('databricks/json stringifyDatabricksJson', () => {
  it('writes int64 request fields as exact JSON numbers and leaves everything else as JSON.stringify does', () => {
    const text = stringifyDatabricksJson({ branch: 'main', git_credential_id: '9223372036854775807', principal_id: '42', id: '7', path: 'x"y' });
    assert.equal(text, '{"branch":"main","git_credential_id":9223372036854775807,"principal_id":42,"id":"7","path":"x\\"y"}');
  });

  it('leaves a value that is not a decimal integer as a string', () => {
    assert.equal(stringifyDatabricksJson({ git_credential_id: 'abc' }), '{"git_credential_id":"abc"}');
  });
});
