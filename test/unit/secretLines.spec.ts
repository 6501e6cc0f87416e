// Secrets are registered as single lines: task-lib throws on a multi-line secret (e.g. a PEM private key).
import * as assert from 'node:assert/strict';
import { secretLines } from '../../tasks/DatabricksRepoSyncV1/src/secretLines';

describe('secretLines', () => {
  it('keeps a one-line secret as it is', () => {
    assert.deepEqual(secretLines('s3cr3t value'), ['s3cr3t value']);
  });

  it('registers nothing for a blank value', () => {
    assert.deepEqual(secretLines('   '), []);
    assert.deepEqual(secretLines(''), []);
  });

  it('splits a PEM into its lines without the armour and blank lines', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n\n-----END PRIVATE KEY-----\n';
    assert.deepEqual(secretLines(pem), ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7']);
    for (const line of secretLines(pem)) assert.doesNotMatch(line, /[\r\n]/);
  });

  it('leaves out short lines of a multi-line secret (the tail of a key), which would mask unrelated text', () => {
    assert.deepEqual(secretLines('MIIEvQIBADANBgkqhkiG9w0B\nZw==\n'), ['MIIEvQIBADANBgkqhkiG9w0B']);
  });
});
