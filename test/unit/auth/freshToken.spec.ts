// Specs of the token that is acquired again before it is used within 40 s of its expiry (the clock edge included).

import * as assert from 'node:assert/strict';
import { REFRESH_MARGIN_MS, freshToken, type AccessToken } from '../../../tasks/DatabricksRepoSyncV1/src/auth/freshToken';

describe('auth/freshToken', () => {
  let now: number;
  let issued: number;
  const acquire = (lifetimeMs: number) => async (): Promise<AccessToken> => {
    issued += 1;
    return { value: `token-${issued}`, expiresAtMs: now + lifetimeMs };
  };

  beforeEach(() => {
    now = 1_000_000;
    issued = 0;
  });

  it('keeps a token with more than 40 s left', async () => {
    const source = await freshToken(acquire(3_600_000), () => now);
    now += 3_600_000 - REFRESH_MARGIN_MS - 1;
    assert.equal(await source.get(), 'token-1');
    assert.equal(issued, 1);
  });

  it('acquires again at exactly 40 s left, and from then on hands out the new token', async () => {
    const source = await freshToken(acquire(3_600_000), () => now);
    now += 3_600_000 - REFRESH_MARGIN_MS;
    assert.equal(await source.get(), 'token-2');
    assert.equal(await source.get(), 'token-2');
    assert.equal(issued, 2);
  });

  it('acquires again when the caller asks for more time left than the token has (tokens exported to later steps)', async () => {
    const source = await freshToken(acquire(3_600_000), () => now);
    now += 3_600_000 - 5 * 60_000;
    assert.equal(await source.get(), 'token-1', 'five minutes left is enough for the task itself');
    assert.equal(await source.get(10 * 60_000), 'token-2');
    assert.equal(issued, 2);
  });

  it('acquires once for requests that need a new token at the same moment', async () => {
    const source = await freshToken(acquire(60_000), () => now);
    now += 30_000;
    const values = await Promise.all([source.get(), source.get(), source.get()]);
    assert.deepEqual(values, ['token-2', 'token-2', 'token-2']);
    assert.equal(issued, 2);
  });

  it('uses a token that is short-lived from the start rather than asking forever', async () => {
    const source = await freshToken(acquire(10_000), () => now);
    assert.equal(await source.get(), 'token-2', 'a 10 s token is renewed when asked for');
    assert.equal(issued, 2);
  });

  it('passes a failed refresh on and tries again next time', async () => {
    let fail = false;
    const source = await freshToken(async () => {
      if (fail) throw new Error('Entra is down');
      return { value: `token-${++issued}`, expiresAtMs: now + 60_000 };
    }, () => now);
    now += 30_000;
    fail = true;
    await assert.rejects(source.get(), /Entra is down/);
    fail = false;
    assert.equal(await source.get(), 'token-2');
  });
});
