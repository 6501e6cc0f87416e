// Specs of InputError and the problem collector: every problem kept, named by its input, thrown once.

import * as assert from 'node:assert/strict';
import { invalid, valid } from '../../../tasks/DatabricksRepoSyncV1/src/validation/checked';
import { InputError, InputProblems, required } from '../../../tasks/DatabricksRepoSyncV1/src/validation/inputError';

describe('validation/inputError', () => {
  it('lists one problem on one line', () => {
    const error = new InputError(['branch: bad.']);
    assert.equal(error.name, 'InputError');
    assert.deepEqual(error.problems, ['branch: bad.']);
    assert.equal(error.message, 'Invalid task input. branch: bad.');
  });

  it('lists several problems one a line', () => {
    const error = new InputError(['a: x.', 'b: y.']);
    assert.equal(error.message, '2 task inputs are invalid:\n- a: x.\n- b: y.');
  });

  it('takes valid values and records problems with the input name', () => {
    const problems = new InputProblems();
    assert.equal(problems.take('dryRun', valid(true), false), true);
    assert.equal(problems.take('retryTimeoutSeconds', invalid('first.', 'second.'), 300), 300);
    problems.add('repoPath', 'required.');
    problems.addNamed(['azureSubscription: missing.']);
    assert.equal(problems.count, 4);
    assert.throws(
      () => problems.throwIfAny(),
      (error: unknown) =>
        error instanceof InputError &&
        error.problems.join('|') ===
          'retryTimeoutSeconds: first.|retryTimeoutSeconds: second.|repoPath: required.|azureSubscription: missing.',
    );
  });

  it('does not throw without problems', () => {
    const problems = new InputProblems();
    assert.doesNotThrow(() => problems.throwIfAny());
  });

  it('records a required input that is missing', () => {
    const problems = new InputProblems();
    assert.equal(required(problems, 'tenantId', 'contoso.com', 'Expected a tenant'), 'contoso.com');
    assert.equal(problems.count, 0);
    assert.equal(required(problems, 'tenantId', undefined, 'Expected a tenant'), '');
    assert.throws(() => problems.throwIfAny(), /tenantId: required\. Expected a tenant\./);
  });
});
