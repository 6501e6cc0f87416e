// Tests for reading a task's output as the agent does: result merging, variables, attachments, line splitting.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { interpretOutput, isSettable, LineSplitter, type OutputLine } from '../../e2e/agent/taskOutput';

function stdout(...texts: string[]): OutputLine[] {
  return texts.map((text) => ({ stream: 'stdout' as const, text }));
}

describe('e2e agent: taskOutput', () => {
  it('keeps the worst task.complete result and the last message', () => {
    const output = interpretOutput(
      stdout('##vso[task.complete result=Failed;]boom', '##vso[task.complete result=Succeeded;]fine'),
      { knownSecrets: [], workingDirectory: '/tmp' },
    );
    assert.equal(output.result, 'Failed');
    assert.equal(output.completeMessage, 'fine');
  });

  it('has no result when the task never completes', () => {
    assert.equal(interpretOutput(stdout('hello'), { knownSecrets: [], workingDirectory: '/tmp' }).result, undefined);
  });

  it('keeps a variable secret once it was secret', () => {
    const output = interpretOutput(
      stdout(
        '##vso[task.setvariable variable=t;isOutput=true;issecret=true;]a',
        '##vso[task.setvariable variable=t;isOutput=true;issecret=false;]b',
      ),
      { knownSecrets: [], workingDirectory: '/tmp' },
    );
    assert.deepEqual(output.outputs.get('t'), { value: 'b', isSecret: true, isOutput: true });
  });

  it('separates plain lines from commands and resolves attachment paths against the working directory', () => {
    const output = interpretOutput(
      stdout('plain', '##vso[task.addattachment type=myType;name=report;]out/r.txt', '##vso[task.uploadsummary]s.md'),
      { knownSecrets: [], workingDirectory: '/work/s' },
    );
    assert.deepEqual(output.logLines, ['plain']);
    assert.deepEqual(output.attachments, [{ type: 'myType', name: 'report', path: path.resolve('/work/s/out/r.txt') }]);
    assert.equal(output.summaryFile, path.resolve('/work/s/s.md'));
    assert.equal(output.commands.length, 2);
  });
});

describe('e2e agent: settable variables', () => {
  it('allows everything without a restriction, and matches patterns case-insensitively', () => {
    assert.equal(isSettable('anything', undefined), true);
    assert.equal(isSettable('REPOID', ['repoId']), true);
    assert.equal(isSettable('myThing', ['my*']), true);
    assert.equal(isSettable('repo.Id', ['repoId']), false);
    assert.equal(isSettable('x', []), false);
  });

  it('drops a variable outside the allowed list with the agent warning, but still registers its secret', () => {
    const output = interpretOutput(
      stdout(
        '##vso[task.setvariable variable=repoId;isOutput=true;issecret=false;]1',
        '##vso[task.setvariable variable=sneaky;isOutput=true;issecret=true;]s3',
        'echo s3',
      ),
      { knownSecrets: [], workingDirectory: '/tmp', settableVariables: ['repoId'] },
    );
    assert.deepEqual([...output.outputs.keys()], ['repoId']);
    assert.deepEqual(output.rejectedVariables, ['sneaky']);
    assert.match(output.warnings[0], /Setting variable 'sneaky' has been disabled/);
    assert.equal(output.maskedLines[2], 'echo ***');
  });
});

describe('e2e agent: LineSplitter', () => {
  it('splits on \\n, \\r\\n and a lone \\r across chunk boundaries', () => {
    const splitter = new LineSplitter();
    const got = [...splitter.push('a\r'), ...splitter.push('\nb\rc\n'), ...splitter.push('d'), ...splitter.end()];
    assert.deepEqual(got, ['a', 'b', 'c', 'd']);
  });

  it('keeps empty lines and drops nothing at the end', () => {
    const splitter = new LineSplitter();
    assert.deepEqual([...splitter.push('x\n\ny\n'), ...splitter.end()], ['x', '', 'y']);
  });
});
