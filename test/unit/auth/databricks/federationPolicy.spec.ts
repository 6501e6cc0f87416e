// Specs of the federation policy a refused exchange asks for: claims read from the ID token, and the fix built from them.

import * as assert from 'node:assert/strict';
import { neededPolicy, policyClaims } from '../../../../tasks/DatabricksRepoSyncV1/src/auth/databricks/federationPolicy';
import { jwt } from '../support/workspaceDeps';

const ISSUER = 'https://vstoken.dev.azure.com/7f3c1e2a-0b4d-4c5e-9f6a-1b2c3d4e5f60';
const SUBJECT = 'sc://contoso/data-platform/databricks-prod';
const AUDIENCE = 'api://AzureADTokenExchange';
const EMPTY = { issuer: '', subject: '', audience: '' };

describe('auth/databricks/federationPolicy', () => {
  describe('policyClaims', () => {
    it('reads issuer, subject and audience from the payload of a JWT', () => {
      assert.deepEqual(policyClaims(jwt({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE, exp: 1 })), {
        issuer: ISSUER,
        subject: SUBJECT,
        audience: AUDIENCE,
      });
    });

    it('takes the first audience of an array', () => {
      assert.equal(policyClaims(jwt({ iss: ISSUER, sub: SUBJECT, aud: [AUDIENCE, 'api://second'] })).audience, AUDIENCE);
    });

    it('reads a base64url payload holding - and _', () => {
      // '?>' and '~~~' encode with '/' and '+' in base64, which base64url writes as '_' and '-'
      const token = jwt({ iss: 'https://issuer/?>', sub: 'sc://o/p/~~~', aud: AUDIENCE });
      assert.match(token.split('.')[1], /[-_]/);
      assert.deepEqual(policyClaims(token), { issuer: 'https://issuer/?>', subject: 'sc://o/p/~~~', audience: AUDIENCE });
    });

    it('gives an empty string for a claim that is missing or not a string', () => {
      assert.deepEqual(policyClaims(jwt({ iss: 42, aud: [] })), EMPTY);
      assert.deepEqual(policyClaims(jwt({ iss: ISSUER, sub: { nested: true }, aud: [7] })), { issuer: ISSUER, subject: '', audience: '' });
    });

    const garbage: [string, string][] = [
      ['an empty string', ''],
      ['no dots', 'not-a-jwt'],
      ['a payload that is not JSON', `header.${Buffer.from('{not json').toString('base64url')}.sig`],
      ['a payload that is JSON null', `header.${Buffer.from('null').toString('base64url')}.sig`],
      ['a payload that is a number', `header.${Buffer.from('12').toString('base64url')}.sig`],
    ];
    for (const [name, token] of garbage) {
      it(`gives empty strings for ${name}`, () => {
        assert.deepEqual(policyClaims(token), EMPTY);
      });
    }
  });

  describe('neededPolicy', () => {
    const fix = neededPolicy({ issuer: ISSUER, subject: SUBJECT, audience: AUDIENCE });

    it('names the exact issuer, audience and subject, and says where to create the policy', () => {
      assert.ok(fix.includes(`issuer ${ISSUER}, audience ${AUDIENCE}, subject ${SUBJECT} `), fix);
      assert.match(fix, /Databricks account console \(User management > Service principals > .* > Federation policies\)/);
      assert.match(fix, /renaming the connection changes it/);
    });

    it('a token whose claims cannot be read still gets the policy in the form of Azure DevOps tokens, never empty values', () => {
      const unread = neededPolicy(policyClaims('not a jwt'));
      assert.match(unread, /issuer https:\/\/vstoken\.dev\.azure\.com\/<organisation id>, audience api:\/\/AzureADTokenExchange, subject sc:\/\/<organisation>\/<project>\/<connection name>/);
      assert.doesNotMatch(unread, /"issuer":""/);
    });

    it('ends with the CLI command whose --json is the policy', () => {
      const match = /databricks account service-principal-federation-policy create <service principal id> --json '(.*)'$/.exec(fix);
      assert.ok(match, fix);
      assert.deepEqual(JSON.parse(match[1]), { oidc_policy: { issuer: ISSUER, audiences: [AUDIENCE], subject: SUBJECT } });
    });
  });
});
