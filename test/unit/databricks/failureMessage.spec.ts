// Specs of the user-facing failure messages: body shapes, the fix for each known case, neutralising server text.

import * as assert from 'node:assert/strict';
import { DatabricksError } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/errors';
import {
  failureFromNetwork,
  failureFromResponse,
  failureFromUnreadableAnswer,
  networkFix,
  readServerError,
} from '../../../tasks/DatabricksRepoSyncV1/src/databricks/failureMessage';
import { NetworkError, type HttpResponse } from '../../../tasks/DatabricksRepoSyncV1/src/http/types';

const HOST = 'adb-1234567890123456.7.azuredatabricks.net';

function answer(status: number, text: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, text, headers };
}

function failure(status: number, errorCode: string | undefined, message: string, operation = 'creating the Git folder /Repos/ci/app'): DatabricksError {
  return failureFromResponse(operation, answer(status, JSON.stringify({ error_code: errorCode, message })), HOST);
}

/** The part after "Fix:", where each case must differ. */
function fixOf(error: DatabricksError): string {
  const at = error.message.indexOf(' Fix: ');
  assert.ok(at > 0, `no fix in: ${error.message}`);
  return error.message.slice(at + 6);
}

describe('databricks/failureMessage', () => {
  describe('readServerError', () => {
    it('reads the Databricks JSON error', () => {
      assert.deepEqual(readServerError(400, '{"error_code":"BAD_REQUEST","message":"Invalid repo path specified"}'), {
        errorCode: 'BAD_REQUEST',
        message: 'Invalid repo path specified',
      });
    });

    it('reads legacy {error} and SCIM {detail} bodies', () => {
      assert.deepEqual(readServerError(400, '{"error":"legacy text"}'), { errorCode: undefined, message: 'legacy text' });
      assert.deepEqual(readServerError(403, '{"detail":"scim text","status":"403"}'), { errorCode: undefined, message: 'scim text' });
    });

    it('reads plain text CODE: message', () => {
      assert.deepEqual(readServerError(400, 'INVALID_STATE: The repo is\nin a bad state'), {
        errorCode: 'INVALID_STATE',
        message: 'The repo is in a bad state',
      });
    });

    it('reads HTML: the <pre> text, else the title', () => {
      assert.deepEqual(readServerError(500, '<html><body><h1>Error</h1><pre>Boom: <b>it</b> broke</pre></body></html>'), {
        message: 'Boom: it broke',
      });
      assert.deepEqual(readServerError(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'), {
        message: '502 Bad Gateway',
      });
    });

    it('falls back to the status text for an empty body', () => {
      assert.deepEqual(readServerError(503, '  '), { message: 'Service Unavailable' });
    });

    it('neutralises the whole message: error_code and a server-reported path in the operation are server text too', () => {
      const error = failure(400, '##vso[task.setvariable variable=X]pwn', 'bad', 'checking out /Repos/##[error]x');
      assert.ok(!error.message.includes('##vso['), error.message);
      assert.ok(!error.message.includes('##['), error.message);
    });

    it('neutralises logging commands, joins lines and bounds the length', () => {
      const read = readServerError(400, JSON.stringify({ message: `##vso[task.setvariable variable=x]1\n##[error]no ${'x'.repeat(1000)}` }));
      assert.ok(read.message);
      assert.ok(!read.message.includes('##vso['), read.message);
      assert.ok(!read.message.includes('##['), read.message);
      assert.ok(!read.message.includes('\n'));
      // 400 characters, the ellipsis, and a zero-width character per neutralised marker
      assert.ok(read.message.length <= 410, `length ${read.message.length}`);
    });
  });

  describe('failureFromResponse', () => {
    it('says what was done, the status, the code, the message and the fix', () => {
      const error = failure(400, 'GIT_UNKNOWN_REF', 'Remote branch does not exist.', "checking out branch 'main' in /Repos/ci/app");
      assert.ok(error instanceof DatabricksError);
      assert.match(
        error.message,
        /^Checking out branch 'main' in \/Repos\/ci\/app failed: HTTP 400 GIT_UNKNOWN_REF: Remote branch does not exist\. Fix: the branch or tag does not exist in the remote/,
      );
      assert.equal(error.operation, "checking out branch 'main' in /Repos/ci/app");
      assert.equal(error.status, 400);
      assert.equal(error.errorCode, 'GIT_UNKNOWN_REF');
      assert.equal(error.serverMessage, 'Remote branch does not exist.');
    });

    it('401: the identity must be added to the workspace with Workspace access', () => {
      const fix = fixOf(failure(401, 'UNAUTHENTICATED', 'Invalid access token.'));
      assert.match(fix, /not added to this workspace/);
      assert.match(fix, /Workspace access/);
    });

    it('403 PERMISSION_DENIED: Manage permission on the folder, or workspace access', () => {
      const fix = fixOf(failure(403, 'PERMISSION_DENIED', 'sp does not have Manage permissions on /Repos/Production/app'));
      assert.match(fix, /Manage \(CAN_MANAGE\) permission/);
      assert.match(fix, /Workspace access/);
    });

    const credentialMessages: [number, string][] = [
      [403, 'Invalid Git provider credentials. Go to User Settings > Git Integration to ensure that: ...'],
      [403, 'Encountered an error with your Azure Active Directory credentials. Please try logging out of Azure Active Directory'],
      [400, 'Remote repo not found. Please ensure that: 1. Your remote Git repo URL is valid.'],
      [400, 'Missing Git provider credentials. Go to User Settings > Git Integration to add your personal access token.'],
    ];
    for (const [status, message] of credentialMessages) {
      it(`Git credential trouble (${message.slice(0, 40)}…): Azure DevOps user with Basic access and read access`, () => {
        const fix = fixOf(failure(status, status === 403 ? 'PERMISSION_DENIED' : 'BAD_REQUEST', message));
        assert.match(fix, /user of the Azure DevOps organisation with Basic access and read access to the repository/);
        assert.match(fix, /Git credential must be valid/);
      });
    }

    it('DIRECTORY_PROTECTED: /Repos/<folder>/<name> only', () => {
      assert.match(fixOf(failure(400, 'DIRECTORY_PROTECTED', 'Top-level folder can only contain repos')), /exactly \/Repos\/<folder>\/<name>/);
    });

    it('FEATURE_DISABLED, even when it comes as 404: Git folders are disabled', () => {
      assert.match(fixOf(failure(404, 'FEATURE_DISABLED', 'Repos is not enabled.')), /Git folders \(Repos\) are disabled/);
      assert.match(fixOf(failure(400, 'FEATURE_DISABLED', 'Repos is not enabled.')), /Git folders \(Repos\) are disabled/);
    });

    it('404 RESOURCE_DOES_NOT_EXIST: gone, or the parent folder is missing', () => {
      assert.match(fixOf(failure(404, 'RESOURCE_DOES_NOT_EXIST', 'Repo could not be found')), /does not exist \(any more\)/);
      assert.match(fixOf(failure(404, 'RESOURCE_DOES_NOT_EXIST', 'Parent directory /Repos/x does not exist.')), /createIfMissing/);
    });

    it('409 and ALREADY_EXISTS codes: something is already there', () => {
      assert.match(fixOf(failure(409, 'ALREADY_EXISTS', 'exists')), /already exists there/);
      assert.match(fixOf(failure(400, 'RESOURCE_ALREADY_EXISTS', 'app already exists and it is not a folder')), /already exists there/);
    });

    for (const status of [429, 503]) {
      it(`${status} after retries: the retry budget ran out, raise retryTimeoutSeconds`, () => {
        assert.match(fixOf(failureFromResponse('listing Git credentials', answer(status, ''), HOST)), /retry budget ran out.*retryTimeoutSeconds/);
      });
    }

    it('uncommitted changes in the folder: names discardLocalChanges, not the API field', () => {
      const fix = fixOf(failure(400, 'INVALID_STATE', 'Cannot update Git folder /Repos/a/b: it has uncommitted changes. Commit or discard them, or set dangerously_force_discard_all.'));
      assert.match(fix, /discardLocalChanges: true/);
    });

    it('invalid sparse-checkout pattern: cone patterns only', () => {
      const fix = fixOf(failure(400, 'INVALID_PARAMETER_VALUE', 'Invalid sparse-checkout cone pattern: src/*.py'));
      assert.match(fix, /sparseCheckoutPatterns must be cone patterns/);
    });

    it('other 5xx: an internal error, run again', () => {
      assert.match(fixOf(failure(500, 'INTERNAL_ERROR', 'oops')), /internal error/);
    });

    it('an empty body reads as the status text', () => {
      const error = failureFromResponse('reading the Git folder 1', answer(502, ''), HOST);
      assert.match(error.message, /^Reading the Git folder 1 failed: HTTP 502 Bad Gateway\. Fix: /);
    });

    it('a server message cannot issue logging commands', () => {
      const error = failure(400, 'BAD_REQUEST', '##vso[task.complete result=Succeeded]done');
      assert.ok(!error.message.includes('##vso['), error.message);
      assert.ok(!error.serverMessage?.includes('##vso['));
    });
  });

  describe('failureFromNetwork', () => {
    function network(code: string): DatabricksError {
      const cause = new NetworkError(`GET https://adb-1.2.azuredatabricks.net/api/2.0/repos/1 got no HTTP answer: ${code} (detail)`, code, true, {
        host: 'adb-1.2.azuredatabricks.net',
        hostSource: 'databricksHost',
      });
      return failureFromNetwork('reading the Git folder /Repos/ci/app', cause);
    }

    it('has status 0 and names the code', () => {
      const error = network('ECONNRESET');
      assert.equal(error.status, 0);
      assert.match(error.message, /^Reading the Git folder \/Repos\/ci\/app failed: GET https:\/\/adb-1\.2\.azuredatabricks\.net\/api\/2\.0\/repos\/1 got no HTTP answer: ECONNRESET/);
      assert.match(fixOf(error), /databricksHost \(adb-1\.2\.azuredatabricks\.net\) could not be reached.*proxy/);
    });

    it('a timeout: raise requestTimeoutSeconds', () => {
      assert.match(fixOf(network('ETIMEDOUT')), /raise requestTimeoutSeconds/);
      assert.match(fixOf(network('ECONNABORTED')), /raise requestTimeoutSeconds/);
    });

    it('an unknown host: names the host and the input that set it', () => {
      assert.match(fixOf(network('ENOTFOUND')), /does not resolve: check databricksHost \(adb-1\.2\.azuredatabricks\.net\)/);
      const entra = new NetworkError('POST https://login.contoso.test/t got no HTTP answer: ENOTFOUND', 'ENOTFOUND', false, { host: 'login.contoso.test', hostSource: 'authorityHost' });
      assert.match(networkFix(entra), /check authorityHost \(login\.contoso\.test\)/);
      assert.doesNotMatch(networkFix(entra), /databricksHost/);
    });

    it("a proxy's refusal of the tunnel: blames the proxy, not Databricks", () => {
      const refused = new NetworkError('refused', 'ERR_PROXY_REFUSED', false, { host: 'adb-1.2.azuredatabricks.net', hostSource: 'databricksHost', proxy: 'http://proxy.corp:8080', proxyStatus: 403 });
      assert.match(networkFix(refused), /the agent's proxy http:\/\/proxy\.corp:8080 did not open a tunnel to adb-1\.2\.azuredatabricks\.net/);
      const auth = new NetworkError('refused', 'ERR_PROXY_REFUSED', false, { proxy: 'http://proxy.corp:8080', proxyStatus: 407 });
      assert.match(networkFix(auth), /proxy user name and password/);
    });

    it('an untrusted certificate: add the CA', () => {
      assert.match(fixOf(network('UNABLE_TO_VERIFY_LEAF_SIGNATURE')), /TLS certificate is not trusted/);
    });
  });

  describe('failureFromUnreadableAnswer', () => {
    it('says the answer was not JSON and shows its start, neutralised', () => {
      const error = failureFromUnreadableAnswer('listing Git credentials', 200, '<html>##vso[task.debug]Sign in to your proxy</html>');
      assert.match(error.message, /^Listing Git credentials failed: HTTP 200 with an answer that is not JSON \(<html>/);
      assert.ok(!error.message.includes('##vso['));
      assert.match(fixOf(error), /databricksHost must be the workspace URL/);
    });
  });
});

describe('databricks/failureMessage: answers of today\'s platform', () => {
  const PAGE =
    '<html>\n<head>\n<title>Error 403 User not authorized.</title>\n</head>\n<body><h2>HTTP ERROR 403</h2>\n<p>Problem accessing /api/2.0/workspace/get-status. Reason:\n<pre>    User not authorized.</pre></p>\n</body>\n</html>\n';

  it('the 403 HTML page: the identity is not added to the workspace, not a folder permission', () => {
    const error = failureFromResponse('looking up /Repos/ci/app', answer(403, PAGE), HOST);
    assert.match(error.message, /HTTP 403 User not authorized/);
    assert.match(error.message, /not added to this workspace \(or lacks the Workspace access entitlement\).*Settings > Identity and access > Service principals/);
    assert.doesNotMatch(error.message, /CAN_MANAGE/);
  });

  it('the Private Link redirect: names Azure Private Link and a self-hosted agent', () => {
    const headers = { location: `https://${HOST}/login.html?error=private-link-validation-error` };
    const error = failureFromResponse('listing the Git credentials of the identity', answer(302, '', headers), HOST);
    assert.match(error.message, /failed: HTTP 302: the workspace is behind Azure Private Link and this agent's network cannot reach it/);
    assert.match(error.message, /Fix: run the job on a self-hosted agent/);
    assert.equal(error.errorCode, 'PRIVATE_LINK_VALIDATION_ERROR');
  });

  it('GIT_CLI_CANNOT_CHOOSE_CREDENTIAL: let the task manage the credential, or leave one', () => {
    const error = failureFromResponse('checking out branch main in /Shared/app', answer(400, JSON.stringify({ error_code: 'GIT_CLI_CANNOT_CHOOSE_CREDENTIAL', message: 'Cannot choose a Git credential.' })), HOST);
    assert.match(error.message, /let the task manage the credential.*or delete the identity's other credentials/);
  });

  it('a message that already starts with its error code is not printed with the code twice', () => {
    const text = JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: 'INVALID_PARAMETER_VALUE: Invalid Git provider: svn.' });
    const error = failureFromResponse('creating the Git folder /Repos/a/b', answer(400, text), HOST);
    assert.match(error.message, /failed: HTTP 400 INVALID_PARAMETER_VALUE: Invalid Git provider: svn\./);
    assert.doesNotMatch(error.message, /INVALID_PARAMETER_VALUE: INVALID_PARAMETER_VALUE/);
  });
});
