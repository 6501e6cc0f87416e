// Tests for the e2e agent's logging-command parser: the agent's unescaping and the task.* commands the suite reads.

import { strict as assert } from 'node:assert';
import { TaskCommand } from 'azure-pipelines-task-lib/taskcommand';
import {
  asComplete,
  asIssue,
  asSetVariable,
  parseVsoLine,
  registeredSecret,
  summaryFile,
  unescapeCommandText,
  type VsoCommand,
} from '../../e2e/agent/vsoCommands';

function parse(line: string): VsoCommand {
  const command = parseVsoLine(line);
  assert.ok(command, `not parsed: ${line}`);
  return command;
}

describe('e2e agent: vsoCommands', () => {
  it('unescapes every sequence the agent decodes', () => {
    assert.equal(unescapeCommandText('a%3Bb%0Dc%0Ad%5De%AZP25f'), 'a;b\rc\nd]e%f');
  });

  it('decodes %AZP25 last, so an escaped percent before 3B stays literal', () => {
    assert.equal(unescapeCommandText('%AZP253B'), '%3B');
    assert.equal(unescapeCommandText('100%AZP25'), '100%');
  });

  it('leaves a plain % alone', () => {
    assert.equal(unescapeCommandText('50% done'), '50% done');
  });

  it('parses what task-lib writes, with every escape, back to the original text', () => {
    const value = 'a;b]c\r\nd%e%3B';
    const line = new TaskCommand('task.setvariable', { variable: 'x;y', isOutput: 'true', issecret: 'false' }, value).toString();
    const variable = asSetVariable(parse(line));
    assert.deepEqual(variable, { variable: 'x;y', value, isOutput: true, isSecret: false });
  });

  it('reads the message after the first ], so ] in the message stays', () => {
    const command = parse('##vso[task.setvariable variable=repoCommit;isOutput=true;issecret=false;]abc;123]%0A');
    assert.equal(command.message, 'abc;123]\n');
    assert.equal(command.properties['variable'], 'repoCommit');
  });

  it('matches names and property keys case-insensitively, like the agent', () => {
    const command = parse('##vso[Task.SetVariable Variable=tok;IsOutput=TRUE;IsSecret=True]SECRET');
    assert.equal(command.name, 'task.setvariable');
    assert.deepEqual(asSetVariable(command), { variable: 'tok', value: 'SECRET', isOutput: true, isSecret: true });
  });

  it('finds a command after other text on the line', () => {
    assert.equal(parse('prefix ##vso[task.debug]hello').message, 'hello');
  });

  it('treats lines without a full command as text', () => {
    assert.equal(parseVsoLine('plain text'), undefined);
    assert.equal(parseVsoLine('##vso[task.debug no closing bracket'), undefined);
    assert.equal(parseVsoLine('##vso[nodot]x'), undefined);
    assert.equal(parseVsoLine('##_vso[task.debug]neutralised'), undefined);
    assert.equal(parseVsoLine('# #vso[task.debug]neutralised'), undefined);
  });

  it('finds the prefix as the agent does under ICU: ignorable characters inside it do not break it', () => {
    assert.equal(parseVsoLine('x #\u200b#vso[task.setvariable variable=a]1')?.name, 'task.setvariable');
    assert.equal(parseVsoLine('#\u00ad#vso[task.complete result=Failed]')?.properties['result'], 'Failed');
  });

  it('ignores a property without =', () => {
    assert.deepEqual(parse('##vso[task.issue type=error;junk;]m').properties, { type: 'error' });
  });

  it('reads task.issue and task.logissue errors and warnings', () => {
    assert.deepEqual(asIssue(parse('##vso[task.issue type=error;source=TaskInternal;]bad%0Athing')), {
      type: 'error',
      message: 'bad\nthing',
    });
    assert.deepEqual(asIssue(parse('##vso[task.logissue type=warning]careful')), { type: 'warning', message: 'careful' });
    assert.equal(asIssue(parse('##vso[task.issue type=info]x')), undefined);
  });

  it('reads task.complete results, unknown ones as Succeeded', () => {
    assert.deepEqual(asComplete(parse('##vso[task.complete result=SucceededWithIssues;]done')), {
      result: 'SucceededWithIssues',
      message: 'done',
    });
    assert.equal(asComplete(parse('##vso[task.complete result=failed;done=true;]x'))?.result, 'Failed');
    assert.equal(asComplete(parse('##vso[task.complete]x'))?.result, 'Succeeded');
  });

  it('knows which commands register a secret', () => {
    assert.equal(registeredSecret(parse('##vso[task.setsecret]s3cr%3Bet')), 's3cr;et');
    assert.equal(registeredSecret(parse('##vso[task.setvariable variable=t;issecret=true;]tok')), 'tok');
    assert.equal(registeredSecret(parse('##vso[task.setvariable variable=t;issecret=false;]tok')), undefined);
    assert.equal(registeredSecret(parse('##vso[task.setsecret]')), undefined);
  });

  it('finds the summary file of task.uploadsummary and of a summary attachment', () => {
    assert.equal(summaryFile(parse('##vso[task.uploadsummary]/tmp/s.md')), '/tmp/s.md');
    assert.equal(
      summaryFile(parse('##vso[task.addattachment type=Distributedtask.Core.Summary;name=Run;]/tmp/r.md')),
      '/tmp/r.md',
    );
    assert.equal(summaryFile(parse('##vso[task.addattachment type=other;name=x;]/tmp/x')), undefined);
  });
});
