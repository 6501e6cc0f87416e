// inParallel: both requests always settle, and the first failure in argument order is the one reported; settled.

import assert from 'node:assert/strict';
import { awaitedLater, inParallel, settled } from '../../tasks/DatabricksRepoSyncV1/src/parallel';

describe('parallel', () => {
  it('returns both values', async () => {
    assert.deepEqual(await inParallel(Promise.resolve(1), Promise.resolve('a')), [1, 'a']);
  });

  it('waits for the other request before throwing, and reports the first argument failure', async () => {
    let secondSettled = false;
    const second = new Promise<void>((resolve) => setTimeout(() => ((secondSettled = true), resolve()), 5));
    await assert.rejects(inParallel(Promise.reject(new Error('first')), second), /first/);
    assert.equal(secondSettled, true);

    await assert.rejects(inParallel(Promise.reject(new Error('first')), Promise.reject(new Error('second'))), /first/);
  });

  it('awaitedLater keeps an early rejection from being unhandled, and still rejects when awaited', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const later = awaitedLater(Promise.reject(new Error('list failed')));
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(unhandled, []);
      await assert.rejects(later, /list failed/);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('settled waits for a promise either way and never rejects; undefined is settled at once', async () => {
    let resolved = false;
    await settled(new Promise<void>((resolve) => setTimeout(() => ((resolved = true), resolve()), 5)));
    assert.equal(resolved, true);

    let rejected = false;
    await settled(new Promise<void>((_, reject) => setTimeout(() => ((rejected = true), reject(new Error('list failed'))), 5)));
    assert.equal(rejected, true);

    await settled(undefined);
  });
});
