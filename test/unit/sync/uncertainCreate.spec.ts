// When a create that failed without a clear answer may be sent again, and what the pause before it is told.
import assert from 'node:assert/strict';
import { DatabricksError } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import { CREATE_ATTEMPTS, isUncertainFailure, mayResend } from '../../../tasks/DatabricksRepoSyncV1/src/sync/uncertainCreate';

const failure = (status: number, retryAfter?: string): DatabricksError =>
  new DatabricksError('creating failed', 'creating', status, undefined, undefined, retryAfter);

describe('sync/uncertainCreate', () => {
  it('counts 5xx and no answer as uncertain; a 429 or a 4xx certainly created nothing', () => {
    assert.deepEqual([0, 500, 503, 429, 400, 409].map((status) => isUncertainFailure(failure(status))), [true, true, true, false, false, false]);
    assert.equal(isUncertainFailure(new Error('other')), false);
  });

  it("hands the failed answer's Retry-After to the pause", async () => {
    const asked: (string | undefined)[] = [];
    const pause = async (_attempt: number, retryAfter?: string): Promise<boolean> => {
      asked.push(retryAfter);
      return true;
    };
    assert.equal(await mayResend(failure(503, '3'), 1, pause), true);
    assert.deepEqual(asked, ['3']);
  });

  it('never resends after the last attempt or a certain failure, without asking the pause', async () => {
    let asked = 0;
    const pause = async (): Promise<boolean> => (asked += 1) > 0;
    assert.equal(await mayResend(failure(503), CREATE_ATTEMPTS, pause), false);
    assert.equal(await mayResend(failure(400), 1, pause), false);
    assert.equal(asked, 0);
  });
});
