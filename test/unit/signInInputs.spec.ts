// Specs of the sign-in inputs: the certificate file, the pipeline context of federation, and the authType pick list.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AUTH_TYPES,
  readCertificateFile,
  readPipelineContext,
  readSignIn,
} from '../../tasks/DatabricksRepoSyncV1/src/signInInputs';
import { InputError, InputProblems } from '../../tasks/DatabricksRepoSyncV1/src/validation/inputError';
import { makeTempFolder, removeTempFolder } from '../support/tempFolders';
import { FakeAgent } from './support/fakeAgent';

describe('signInInputs', () => {
  let dir: string;
  before(() => {
    dir = makeTempFolder('sign-in-spec-');
  });
  after(() => removeTempFolder(dir));

  describe('readCertificateFile', () => {
    it('reads a file', () => {
      const file = path.join(dir, 'ok.pem');
      fs.writeFileSync(file, 'pem text');
      assert.deepEqual(readCertificateFile(file), { ok: true, value: 'pem text' });
    });

    it('treats a directory as no certificate given', () => {
      const checked = readCertificateFile(dir);
      assert.ok(!checked.ok && /no certificate file is given .* is a directory/.test(checked.problems[0]));
    });

    it('says a file does not exist', () => {
      const checked = readCertificateFile(path.join(dir, 'missing.pem'));
      assert.ok(!checked.ok && /does not exist\. Expected the path of a PEM file/.test(checked.problems[0]));
    });

    it('refuses a file far too big to be a PEM', () => {
      const file = path.join(dir, 'big.pem');
      fs.writeFileSync(file, Buffer.alloc(1024 * 1024 + 1));
      const checked = readCertificateFile(file);
      assert.ok(!checked.ok && /larger than 1 MB/.test(checked.problems[0]));
    });
  });

  describe('readPipelineContext', () => {
    it('reads the system access token (masked) and the job variables', () => {
      const agent = new FakeAgent({
        variables: {
          'System.OidcRequestUri': 'https://oidc',
          'System.CollectionUri': 'https://dev.azure.com/org/',
          'System.TeamProjectId': 'p',
          'System.HostType': 'build',
          'System.PlanId': 'plan',
          'System.JobId': 'job',
        },
        endpoints: { SystemVssConnection: { authorization: { scheme: 'OAuth', parameters: { accesstoken: 'tok' } } } },
      });
      assert.deepEqual(readPipelineContext(agent), {
        systemAccessToken: 'tok',
        oidcRequestUri: 'https://oidc',
        collectionUri: 'https://dev.azure.com/org/',
        teamProjectId: 'p',
        hostType: 'build',
        planId: 'plan',
        jobId: 'job',
      });
      assert.deepEqual(agent.secrets, ['tok']);
    });

    it('leaves out what the agent does not have', () => {
      const context = readPipelineContext(new FakeAgent());
      assert.equal(context.systemAccessToken, undefined);
      assert.equal(context.oidcRequestUri, undefined);
    });
  });

  describe('readSignIn', () => {
    it('lists the five auth types of SPEC §2', () => {
      assert.deepEqual(AUTH_TYPES, ['serviceConnection', 'clientSecret', 'clientCertificate', 'managedIdentity', 'databricksConnection']);
    });

    it('records an unknown authType and reads nothing else', () => {
      const problems = new InputProblems();
      const agent = new FakeAgent({ inputs: { authType: 'kerberos', clientSecret: 'never-read' } });
      readSignIn(agent, problems);
      assert.throws(() => problems.throwIfAny(), (error: unknown) => error instanceof InputError && /^authType: 'kerberos'/.test(error.problems[0]));
      assert.deepEqual(agent.secrets, []);
    });

    it('defaults to serviceConnection', () => {
      const problems = new InputProblems();
      readSignIn(new FakeAgent(), problems);
      assert.throws(() => problems.throwIfAny(), /azureSubscription: required\. authType serviceConnection needs/);
    });
  });
});
