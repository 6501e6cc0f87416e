// test/emulator/cliOptions.ts: the emulator CLI's flags, and usage errors in its own words.

import { strict as assert } from 'node:assert';
import { readCliArguments, USAGE, type CliRequest } from '../../emulator/cliOptions';

function messageOf(request: CliRequest): string {
  assert.equal(request.kind, 'usageError', JSON.stringify(request));
  return request.kind === 'usageError' ? request.message : '';
}

describe('emulator: cli options', () => {
  it('defaults to any free port, no latency, the demo seed and text output', () => {
    assert.deepEqual(readCliArguments([]), { kind: 'run', options: { latencyMs: 0, port: 0, seed: true, json: false } });
  });

  it('reads every flag, as --flag value and as --flag=value', () => {
    assert.deepEqual(readCliArguments(['--port', '8443', '--latency=200', '--no-seed', '--json']), {
      kind: 'run',
      options: { latencyMs: 200, port: 8443, seed: false, json: true },
    });
    assert.deepEqual(readCliArguments(['--port=65535', '--latency', '0']), {
      kind: 'run',
      options: { latencyMs: 0, port: 65535, seed: true, json: false },
    });
  });

  it('asks for help with --help or -h, wherever it stands', () => {
    assert.deepEqual(readCliArguments(['--help']), { kind: 'help' });
    assert.deepEqual(readCliArguments(['--port', '1', '-h']), { kind: 'help' });
  });

  it('names a port out of range or not a number in its own words', () => {
    assert.equal(messageOf(readCliArguments(['--port', '70000'])), '--port must be an integer from 0 to 65535, not "70000"');
    assert.equal(messageOf(readCliArguments(['--port', '-1'])), '--port must be an integer from 0 to 65535, not "-1"');
    assert.equal(messageOf(readCliArguments(['--port=80.5'])), '--port must be an integer from 0 to 65535, not "80.5"');
    assert.equal(messageOf(readCliArguments(['--port', '1e3'])), '--port must be an integer from 0 to 65535, not "1e3"');
  });

  it('names a latency that is not a whole number of milliseconds, or too long', () => {
    assert.equal(messageOf(readCliArguments(['--latency', 'abc'])), '--latency must be a whole number of milliseconds from 0 to 60000, not "abc"');
    assert.equal(messageOf(readCliArguments(['--latency', '99999999999'])), '--latency must be a whole number of milliseconds from 0 to 60000, not "99999999999"');
  });

  it('says when a value is missing, also when another flag follows', () => {
    assert.equal(messageOf(readCliArguments(['--port'])), '--port needs a value: --port <n>');
    assert.equal(messageOf(readCliArguments(['--latency', '--json'])), '--latency needs a value: --latency <ms>');
    assert.equal(messageOf(readCliArguments(['--port='])), '--port needs a value: --port <n>');
  });

  it('refuses an unknown option, a stray argument and a value given to a switch', () => {
    assert.equal(messageOf(readCliArguments(['--seed'])), 'unknown option --seed');
    assert.equal(messageOf(readCliArguments(['--verbose=1'])), 'unknown option --verbose');
    assert.equal(messageOf(readCliArguments(['8443'])), 'unexpected argument "8443"');
    assert.equal(messageOf(readCliArguments(['--json=yes'])), '--json takes no value');
  });

  it('lists every flag it reads in the usage text', () => {
    for (const flag of ['--port <n>', '--latency <ms>', '--no-seed', '--json', '-h, --help']) assert.ok(USAGE.includes(flag), flag);
  });
});
