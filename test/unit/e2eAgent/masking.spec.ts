// Tests for the e2e agent's masking: what the agent masks from the start, order of registration, leak detection.

import { strict as assert } from 'node:assert';
import { agentKnownSecrets, findLeaks, isMaskedAuthParameter, SecretMasker } from '../../e2e/agent/masking';
import { interpretOutput, type OutputLine } from '../../e2e/agent/taskOutput';

function stdout(...texts: string[]): OutputLine[] {
  return texts.map((text) => ({ stream: 'stdout' as const, text }));
}

function maskedLog(lines: OutputLine[], known: string[] = []): string {
  return interpretOutput(lines, { knownSecrets: known, workingDirectory: '/tmp' }).maskedLines.join('\n');
}

describe('e2e agent: masking', () => {
  it('masks every endpoint parameter but the known non-secret ones (idToken, tenantId, authenticationType...)', () => {
    assert.equal(isMaskedAuthParameter('serviceprincipalkey'), true);
    assert.equal(isMaskedAuthParameter('serviceprincipalid'), true);
    assert.equal(isMaskedAuthParameter('AccessToken'), true);
    assert.equal(isMaskedAuthParameter('idToken'), false);
    assert.equal(isMaskedAuthParameter('IDTOKEN'), false);
    assert.equal(isMaskedAuthParameter('tenantid'), false);
    assert.equal(isMaskedAuthParameter('authenticationType'), false);
  });

  it('knows secret variables and masked endpoint parameters before the task starts', () => {
    const known = agentKnownSecrets({ pat: 'p1', empty: '' }, [
      { id: 'e', scheme: 'WorkloadIdentityFederation', parameters: { serviceprincipalkey: 'k1', idToken: 'jwt', tenantid: 't' } },
    ]);
    assert.deepEqual(known.sort(), ['k1', 'p1']);
  });

  it('masks a secret printed after task.setsecret', () => {
    const log = maskedLog(stdout('##vso[task.setsecret]tok-123', 'token is tok-123'));
    assert.equal(log, '##vso[task.setsecret]***\ntoken is ***');
  });

  it('leaves a secret printed before task.setsecret visible: a leak', () => {
    const lines = stdout('token is tok-123', '##vso[task.setsecret]tok-123', 'again tok-123');
    const log = maskedLog(lines);
    assert.equal(log, 'token is tok-123\n##vso[task.setsecret]***\nagain ***');
    assert.deepEqual(findLeaks({ maskedLog: log }, ['tok-123']), ['tok-123']);
  });

  it('masks on stderr too once the secret is registered on stdout', () => {
    const lines: OutputLine[] = [
      { stream: 'stdout', text: '##vso[task.setvariable variable=t;isOutput=true;issecret=true;]abc' },
      { stream: 'stderr', text: 'stack: abc' },
    ];
    assert.equal(maskedLog(lines).split('\n')[1], 'stack: ***');
  });

  it('masks a secret variable from the first line', () => {
    assert.equal(maskedLog(stdout('pw=hunter2'), ['hunter2']), 'pw=***');
  });

  it('does not mask an unregistered value, even an ID token from the endpoint', () => {
    const log = maskedLog(stdout('id token: eyJ.jwt'));
    assert.deepEqual(findLeaks({ maskedLog: log }, ['eyJ.jwt', 'never-printed', '']), ['eyJ.jwt']);
  });

  it('masks the escaped form a secret takes inside a logging command', () => {
    const log = maskedLog(stdout('##vso[task.setsecret]a%AZP25b', '##vso[task.debug]value a%AZP25b', 'plain a%b'));
    assert.equal(log, '##vso[task.setsecret]***\n##vso[task.debug]value ***\nplain ***');
  });

  it('merges overlapping secrets into one mask', () => {
    const masker = new SecretMasker(['abcdef', 'defghi']);
    assert.equal(masker.mask('xxabcdefghiyy abc'), 'xx***yy abc');
  });
});
