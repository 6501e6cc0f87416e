// Specs of raw input reading: trimming, empty as undefined, and how secrets are registered.

import * as assert from 'node:assert/strict';
import {
  readInput,
  readSecretInput,
  readVariable,
  registerSecret,
  secretForms,
} from '../../tasks/DatabricksRepoSyncV1/src/rawInputs';
import { FakeAgent } from './support/fakeAgent';

describe('rawInputs', () => {
  const agent = (): FakeAgent =>
    new FakeAgent({ inputs: { a: '  x  ', blank: '   ', secret: ' s3cret ' }, variables: { 'Build.Reason': ' Manual ', empty: ' ' } });

  it('reads inputs and variables trimmed, blank as undefined', () => {
    const fake = agent();
    assert.equal(readInput(fake, 'a'), 'x');
    assert.equal(readInput(fake, 'blank'), undefined);
    assert.equal(readInput(fake, 'missing'), undefined);
    assert.equal(readVariable(fake, 'Build.Reason'), 'Manual');
    assert.equal(readVariable(fake, 'empty'), undefined);
    assert.deepEqual(fake.secrets, []);
  });

  it('reads a secret input through getSecretInput, adds its trimmed form, and returns it trimmed', () => {
    const fake = agent();
    let echoed = 0;
    fake.getInput = (): string | undefined => {
      echoed += 1;
      return ' s3cret ';
    };
    fake.getSecretInput = (name: string): string | undefined => {
      fake.setSecret(' s3cret ');
      return name === 'secret' ? ' s3cret ' : undefined;
    };
    assert.equal(readSecretInput(fake, 'secret'), 's3cret');
    assert.equal(echoed, 0, 'never through getInput, whose task-lib version echoes the value');
    assert.deepEqual(fake.secrets, [' s3cret ', 's3cret']);
    assert.equal(readSecretInput(fake, 'missing'), undefined);
  });

  it('gives each form of a secret once', () => {
    assert.deepEqual(secretForms('abc'), ['abc']);
    assert.deepEqual(secretForms(' abc\n'), [' abc\n', 'abc']);
    assert.deepEqual(secretForms('  '), []);
  });

  it('never registers a blank value, which would mask every space', () => {
    const fake = agent();
    registerSecret(fake, undefined);
    registerSecret(fake, '');
    registerSecret(fake, '   ');
    assert.deepEqual(fake.secrets, []);
  });

  it('registers each substantial line of a multi-line secret, but not PEM markers', () => {
    const fake = agent();
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG\nshort\n-----END PRIVATE KEY-----';
    registerSecret(fake, pem);
    assert.deepEqual(fake.secrets, [pem, 'MIIEvQIBADANBgkqhkiG']);
  });
});
