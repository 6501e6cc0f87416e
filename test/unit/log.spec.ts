// Specs of neutralising outside text: no logging command, no forged line, visibly changed markers, masked before a cut.

import * as assert from 'node:assert/strict';
import { neutralise, serverLine } from '../../tasks/DatabricksRepoSyncV1/src/log';
import { forgetSecrets, rememberSecret } from '../../tasks/DatabricksRepoSyncV1/src/secrets';

/**
 * The agent finds `##vso[` culture-sensitively: characters ICU ignores do not break the marker for it. Ignoring every
 * character that is not printable ASCII is stricter than ICU, which makes this the harder test.
 */
function agentSeesCommand(line: string): boolean {
  const folded = line.replace(/[^\x20-\x7e]/g, '').toLowerCase();
  return folded.includes('##vso[') || folded.includes('##[');
}

describe('log', () => {
  afterEach(() => forgetSecrets());

  describe('neutralise', () => {
    it('breaks ##vso[ and ##[ visibly, in any case', () => {
      assert.equal(neutralise('a ##vso[task.setvariable variable=x]1'), 'a # #vso[task.setvariable variable=x]1');
      assert.equal(neutralise('##[error]boom ##VSO[task.complete]'), '# #[error]boom # #VSO[task.complete]');
    });

    it('leaves no marker that a culture-sensitive match would still find', () => {
      const attacks = [
        '#\u200b#vso[task.complete result=Failed]',
        '#\u00ad#[error]x',
        '#\u2060#vso[x.y]',
        '#\ufeff#vso[x.y]',
        '##\u034fvso[x.y]',
        '#\u200d#[group]',
        // ignorable to ICU's collation although neither default-ignorable nor a format character
        '#\u0640#vso[task.setvariable variable=x]1',
        '##v\u0640so[x.y]',
        '#\ufe73#[error]x',
        '#\u0591#vso[x.y]',
        '#\ud834\udd73#vso[x.y]',
      ];
      for (const attack of attacks) assert.equal(agentSeesCommand(neutralise(attack)), false, JSON.stringify(attack));
    });

    it('keeps outside text on one line: CR, LF, NEL, U+2028/2029 and other controls become spaces', () => {
      const forged = 'main\r\nGit folder /Repos/x is at 0000\u0085next\u2028line\u2029para\u0007bell\u007fdel';
      const line = neutralise(forged);
      assert.doesNotMatch(line, /[\r\n\u0085\u2028\u2029\u0007\u007f]/);
      assert.equal(line, 'main Git folder /Repos/x is at 0000 next line para bell del');
    });

    it('is idempotent', () => {
      const once = neutralise('##vso[a.b]\n##[x]');
      assert.equal(neutralise(once), once);
    });
  });

  describe('serverLine', () => {
    it('masks registered secrets before cutting, so no token is split into an unmasked head', () => {
      const token = 'dapi0123456789abcdef0123456789abcdef';
      rememberSecret(token);
      const text = `${'x'.repeat(390)} ${token} tail`;
      const line = serverLine(text, 400);
      assert.doesNotMatch(line, /dapi0123/);
      assert.ok(line.includes('***'));
    });

    it('collapses whitespace and cuts with an ellipsis', () => {
      assert.equal(serverLine('  a \n\t b  ', 10), 'a b');
      assert.equal(serverLine('abcdefghijk', 5), 'abcde…');
    });
  });
});
