// Specs of reading an error answer's error_code and message, shared by the retry rules and the user's message.

import * as assert from 'node:assert/strict';
import { errorFields } from '../../../tasks/DatabricksRepoSyncV1/src/http/errorBody';

describe('http/errorBody errorFields', () => {
  it('reads the code of a plain `CODE: message` body for the retry rules and the user message alike', () => {
    assert.deepEqual(errorFields('TEMPORARILY_UNAVAILABLE: the service is busy'), { errorCode: 'TEMPORARILY_UNAVAILABLE', message: 'the service is busy' });
    assert.deepEqual(errorFields('{"error_code":"RESOURCE_EXHAUSTED","message":"slow down"}'), { errorCode: 'RESOURCE_EXHAUSTED', message: 'slow down' });
    assert.deepEqual(errorFields('<html>Service Unavailable</html>'), {});
  });
});
